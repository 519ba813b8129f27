#pragma once
/// UTF-8 helpers for text that crosses into JSON or gets cut to size.

#include <string>
#include <string_view>

namespace pair {

/// Length of the longest prefix of `s` that does not end inside a multi-byte
/// sequence (invalid bytes count as complete). Used to cut text safely.
size_t utf8_safe_cut(std::string_view s, size_t max_bytes);
/// Replaces invalid UTF-8 sequences with U+FFFD so the text can go into JSON.
std::string utf8_sanitize(std::string_view s);
/// True when `s` is entirely valid UTF-8.
bool utf8_valid(std::string_view s);

}  // namespace pair
