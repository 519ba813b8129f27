#include "tools/charset.h"

#include <iconv.h>

#include <cctype>
#include <cerrno>

#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

/// The value of `name=` in a header-like parameter list ("text/html; charset=utf-8").
std::string parameter(std::string_view text, std::string_view name) {
  std::string lower = to_lower(text);
  size_t at = 0;
  while ((at = lower.find(name, at)) != std::string::npos) {
    size_t i = at + name.size();
    bool starts_word = at == 0 || !std::isalnum(static_cast<unsigned char>(lower[at - 1]));
    at = i;
    while (i < lower.size() && lower[i] == ' ') ++i;
    if (!starts_word || i >= lower.size() || lower[i] != '=') continue;
    ++i;
    while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'')) ++i;
    size_t end = lower.find_first_of(" \"';,>/", i);
    return lower.substr(i, end == std::string::npos ? std::string::npos : end - i);
  }
  return "";
}

/// <meta charset=...> or <meta http-equiv="content-type" content="...; charset=...">.
std::string meta_charset(std::string_view head) {
  std::string lower = to_lower(head.substr(0, 4096));
  size_t at = 0;
  while ((at = lower.find("<meta", at)) != std::string::npos) {
    size_t end = lower.find('>', at);
    std::string_view tag = std::string_view(lower).substr(at, end == std::string::npos ? std::string::npos : end - at);
    at += 5;
    if (std::string c = parameter(tag, "charset"); !c.empty()) return c;
  }
  return "";
}

/// The iconv name for a WHATWG encoding label.
std::string iconv_name(std::string_view label) {
  std::string l = to_lower(trim(label));
  if (l == "utf8" || l == "unicode-1-1-utf-8") return "UTF-8";
  // WHATWG: these labels all mean windows-1252.
  if (l == "iso-8859-1" || l == "iso8859-1" || l == "latin1" || l == "l1" || l == "us-ascii" || l == "ascii" ||
      l == "cp819" || l == "iso_8859-1")
    return "WINDOWS-1252";
  if (l == "gb2312" || l == "x-gbk" || l == "chinese") return "GBK";
  if (l == "x-sjis" || l == "shift-jis" || l == "ms_kanji" || l == "windows-31j") return "SHIFT_JIS";
  if (l == "x-euc-jp") return "EUC-JP";
  return l;
}

}  // namespace

std::string detect_charset(std::string_view content_type, std::string_view body, bool html) {
  if (body.starts_with("\xEF\xBB\xBF")) return "utf-8";
  if (body.starts_with("\xFF\xFE")) return "utf-16le";
  if (body.starts_with("\xFE\xFF")) return "utf-16be";
  if (std::string c = parameter(content_type, "charset"); !c.empty()) return c;
  if (html) return meta_charset(body);
  return "";
}

Result<std::string> decode_to_utf8(std::string_view bytes, std::string_view charset) {
  std::string name = iconv_name(charset);
  if (name.empty()) name = utf8_valid(bytes) ? "UTF-8" : "WINDOWS-1252";
  if (name == "UTF-8" || name == "utf-8") {
    if (bytes.starts_with("\xEF\xBB\xBF")) bytes.remove_prefix(3);
    return utf8_sanitize(bytes);
  }
  if ((name == "utf-16le" && bytes.starts_with("\xFF\xFE")) || (name == "utf-16be" && bytes.starts_with("\xFE\xFF")))
    bytes.remove_prefix(2);
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1))
    return fail(ErrorCode::kInvalidArgument, "unknown character set \"" + std::string(charset) + "\"");
  std::string out;
  out.reserve(bytes.size() * 2);
  char* in = const_cast<char*>(bytes.data());
  size_t in_left = bytes.size();
  char buffer[16384];
  while (in_left > 0) {
    char* dst = buffer;
    size_t dst_left = sizeof buffer;
    size_t r = iconv(cd, &in, &in_left, &dst, &dst_left);
    out.append(buffer, static_cast<size_t>(dst - buffer));
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    // EILSEQ (invalid) or EINVAL (cut short at the end): one replacement, move on a byte.
    out += "\xEF\xBF\xBD";
    ++in;
    --in_left;
  }
  iconv_close(cd);
  return utf8_sanitize(out);
}

}  // namespace pair
