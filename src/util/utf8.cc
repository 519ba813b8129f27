#include "util/utf8.h"

#include <algorithm>
#include <cstdint>

namespace pair {
namespace {

/// Length of the valid UTF-8 sequence starting at s[i], or 0 if invalid.
size_t sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n;
  uint32_t cp;
  if (c < 0x80) return 1;
  if ((c & 0xE0) == 0xC0) {
    n = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    n = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    n = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    if (!utf8_continuation(s[i + k])) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  // Reject overlong encodings, surrogates and out-of-range code points.
  if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

}  // namespace

size_t utf8_safe_cut(std::string_view s, size_t max_bytes) {
  size_t cut = std::min(max_bytes, s.size());
  // Find the lead byte of the last character before the cut.
  size_t i = cut, steps = 0;
  while (i > 0 && steps < 3 && utf8_continuation(s[i - 1])) {
    --i;
    ++steps;
  }
  if (i == 0) return cut;
  unsigned char lead = static_cast<unsigned char>(s[i - 1]);
  size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  if (need > 1 && cut - (i - 1) < need) return i - 1;  // that character would be cut
  return cut;
}

size_t utf8_safe_tail(std::string_view s, size_t max_bytes) {
  size_t start = s.size() - std::min(max_bytes, s.size());
  // A character has at most three continuation bytes; more are stray ones.
  for (size_t steps = 0; steps < 3 && start < s.size() && utf8_continuation(s[start]); ++steps) ++start;
  return start;
}

Utf8CodePoint decode_utf8(std::string_view s, size_t pos) {
  if (pos >= s.size()) return {0, 0};
  size_t n = sequence_length(s, pos);
  if (n == 0) return {0xFFFD, 1};
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[pos + k]); };
  char32_t cp = n == 1 ? byte(0) : n == 2 ? byte(0) & 0x1F : n == 3 ? byte(0) & 0x0F : byte(0) & 0x07;
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (byte(k) & 0x3F);
  return {cp, n};
}

std::string utf8_sanitize(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool utf8_valid(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

}  // namespace pair
