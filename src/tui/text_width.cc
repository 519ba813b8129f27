#include "tui/text_width.h"

#include <vector>

#include <locale.h>
#include <wchar.h>

namespace pair::tui {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

int codepoint_width(char32_t cp) {
  if (cp >= 0x20 && cp < 0x7F) return 1;
  // make_row shows C0 controls and DEL as one column (U+FFFD; a tab as a space): count them so.
  if (cp < 0x20 || cp == 0x7F) return 1;
  if (cp >= 0x80 && cp < 0xA0) return 0;
  // The C library knows the Unicode width tables; C.UTF-8 makes them apply in
  // any locale. uselocale is per thread and cheap.
  static locale_t utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
  if (!utf8) return 1;
  locale_t previous = uselocale(utf8);
  int w = wcwidth(static_cast<wchar_t>(cp));
  uselocale(previous);
  if (w < 0) return 1;  // unassigned or private use: terminals draw one column
  return w;
}

bool continues_cluster(char32_t previous, char32_t cp) {
  if (previous == 0x200D) return true;                              // after a zero-width joiner
  if (cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F)) return true;  // joiner, variation selectors
  if (cp >= 0x1F3FB && cp <= 0x1F3FF) return true;                  // skin tone modifiers
  return cp >= 0x300 && codepoint_width(cp) == 0;                   // combining marks
}

namespace {

/// Length of the escape sequence at s[i] (s[i] == ESC).
size_t escape_length(std::string_view s, size_t i) {
  size_t j = i + 1;
  if (j >= s.size()) return 1;
  if (s[j] == '[') {
    ++j;
    while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7E)) ++j;
    return j < s.size() ? j + 1 - i : s.size() - i;
  }
  if (s[j] == ']') {
    while (j < s.size() && s[j] != '\a' && !(s[j] == '\x1b' && j + 1 < s.size() && s[j + 1] == '\\')) ++j;
    if (j >= s.size()) return s.size() - i;
    return (s[j] == '\a' ? j + 1 : j + 2) - i;
  }
  return 2;
}

}  // namespace

int display_width(std::string_view s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == 0x1b) {
      i += escape_length(s, i);
    } else if (c >= 0x20 && c < 0x7F) {
      ++width;
      ++i;
    } else {
      Utf8CodePoint cp = decode_utf8(s, i);
      width += codepoint_width(cp.value);
      i += cp.length;
    }
  }
  return width;
}

size_t cluster_length(std::string_view s, size_t i) {
  size_t start = i;
  if (i >= s.size()) return 0;
  Utf8CodePoint first = decode_utf8(s, i);
  char32_t previous = first.value;
  i += first.length;
  while (i < s.size()) {
    Utf8CodePoint next = decode_utf8(s, i);
    if (!continues_cluster(previous, next.value)) break;
    previous = next.value;
    i += next.length;
  }
  return i - start;
}

int plain_width(std::string_view s) {
  int width = 0;
  for (size_t i = 0; i < s.size();) {
    auto [cp, length] = decode_utf8(s, i);
    i += length;
    width += cp < 0x20 || cp == 0x7f ? 1 : codepoint_width(cp);
  }
  return width;
}

std::string truncate_to_width(std::string_view s, int width) {
  if (plain_width(s) <= width) return std::string(s);
  std::string out;
  int used = 0;
  for (size_t i = 0; i < s.size();) {
    size_t n = cluster_length(s, i);
    int w = plain_width(s.substr(i, n));
    if (used + w > width - 1) break;
    out.append(s.substr(i, n));
    used += w;
    i += n;
  }
  return out + "…";
}

std::string truncate_middle_to_width(std::string_view s, int width) {
  if (plain_width(s) <= width) return std::string(s);
  if (width < 8) return truncate_to_width(s, width);
  std::vector<std::string_view> clusters;
  for (size_t i = 0; i < s.size();) {
    size_t n = cluster_length(s, i);
    clusters.push_back(s.substr(i, n));
    i += n;
  }
  int room = width - 1;  // "…"
  int head_room = room * 2 / 5;
  std::string head;
  size_t h = 0;
  for (int used = 0; h < clusters.size(); ++h) {
    int w = plain_width(clusters[h]);
    if (used + w > head_room) break;
    head += clusters[h];
    used += w;
  }
  int tail_room = room - plain_width(head);
  size_t t = clusters.size();
  for (int used = 0; t > h;) {
    int w = plain_width(clusters[t - 1]);
    if (used + w > tail_room) break;
    used += w;
    --t;
  }
  std::string out = head + "…";
  for (size_t i = t; i < clusters.size(); ++i) out += clusters[i];
  return out;
}

std::string strip_escapes(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b') {
      i += escape_length(s, i);
    } else {
      out += s[i++];
    }
  }
  return out;
}

}  // namespace pair::tui
