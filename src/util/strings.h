#pragma once
/// Small string helpers used across layers. All pure; no allocation surprises.

#include <string>
#include <string_view>
#include <vector>

namespace pair {

std::string_view trim(std::string_view s);
std::vector<std::string> split(std::string_view s, char sep);
std::vector<std::string> split_lines(std::string_view s);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::string to_lower(std::string_view s);
/// Each byte as two lower-case hex digits (digests, signatures).
std::string lower_hex(std::string_view bytes);
/// Replaces every occurrence of `from` (non-empty) with `to`.
std::string replace_all(std::string_view s, std::string_view from, std::string_view to);
/// Number of non-overlapping occurrences of `needle` (non-empty) in `hay`.
size_t count_occurrences(std::string_view hay, std::string_view needle);
/// 1-based line and column of a byte offset, for error messages.
struct TextPosition {
  size_t line = 1;
  size_t column = 1;
};
TextPosition position_of(std::string_view text, size_t offset);
/// "12,345": the number with a comma between groups of three digits.
std::string grouped_number(long long n);
/// The first line of `s` without the white space around it (leading blank
/// lines skipped), for a one-line summary of a message or rule; `more` (" …")
/// is appended when other lines follow.
std::string first_line(std::string_view s, std::string_view more = "");
/// "1 line" / "3 lines".
std::string plural(size_t n, std::string_view singular, std::string_view plural_form);

}  // namespace pair
