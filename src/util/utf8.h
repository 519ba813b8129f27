#pragma once
/// UTF-8 helpers for text that crosses into JSON or gets cut to size.

#include <string>
#include <string_view>

namespace pair {

/// Length of the longest prefix of `s` that does not end inside a multi-byte
/// sequence (invalid bytes count as complete). Used to cut text safely.
size_t utf8_safe_cut(std::string_view s, size_t max_bytes);
/// Start of the longest suffix of `s` at most `max_bytes` long that does not
/// begin inside a multi-byte sequence (the tail-side twin of utf8_safe_cut):
/// up to three continuation bytes at its front, the rest of a character cut
/// there, are dropped. Looks only at the suffix, so `s` may itself be a piece
/// cut from longer text: utf8_safe_tail(s, s.size()) drops a cut character's
/// rest from the front of `s`.
size_t utf8_safe_tail(std::string_view s, size_t max_bytes);

/// Whether `byte` continues a multi-byte sequence (10xxxxxx). For text that
/// arrives in pieces, where a character may straddle two of them.
inline bool utf8_continuation(char byte) {
  return (static_cast<unsigned char>(byte) & 0xC0) == 0x80;
}

/// One code point of UTF-8 text.
struct Utf8CodePoint {
  char32_t value = 0;
  size_t length = 0;  ///< bytes it takes; 0 only at the end of the text
};
/// Decodes the code point that starts at `s[pos]`. An invalid, overlong,
/// surrogate or cut-off sequence decodes as U+FFFD of length 1 (as
/// utf8_sanitize replaces it); `pos` at or past the end gives length 0.
Utf8CodePoint decode_utf8(std::string_view s, size_t pos);

/// Replaces invalid UTF-8 sequences with U+FFFD so the text can go into JSON.
std::string utf8_sanitize(std::string_view s);
/// True when `s` is entirely valid UTF-8.
bool utf8_valid(std::string_view s);

}  // namespace pair
