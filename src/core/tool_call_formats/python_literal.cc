#include "core/tool_call_formats/python_literal.h"

#include <nlohmann/json.hpp>

#include <cctype>

#include "core/tool_call_formats/call_scan.h"
#include "util/json_parse.h"

namespace pair::tool_call_formats {
namespace {

using nlohmann::json;
constexpr int kMaxDepth = 64;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

std::string_view identifier(std::string_view text, size_t pos, bool dotted) {
  size_t end = pos;
  while (end < text.size() && (is_name_char(text[end]) || (dotted && (text[end] == '.' || text[end] == '-')))) ++end;
  if (end == pos || std::isdigit(static_cast<unsigned char>(text[pos]))) return {};
  return text.substr(pos, end - pos);
}

std::optional<std::string> read_string(std::string_view text, size_t* pos) {
  char quote = text[*pos];
  std::string out;
  for (size_t i = *pos + 1; i < text.size(); ++i) {
    char c = text[i];
    if (c == quote) {
      *pos = i + 1;
      return out;
    }
    if (c == '\n') return std::nullopt;  // as in Python: a line break inside a string is written \n
    if (c != '\\') {
      out += c;
      continue;
    }
    if (++i >= text.size()) break;
    switch (char e = text[i]) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case '0': out += '\0'; break;
      case 'x':
      case 'u': {
        // JSON's own \u escape decodes the code point (a lone surrogate fails there too).
        size_t digits = e == 'x' ? 2 : 4;
        if (i + digits >= text.size()) return std::nullopt;
        std::string hex(text.substr(i + 1, digits));
        if (hex.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos) return std::nullopt;
        auto decoded = parse_json("\"\\u" + std::string(4 - digits, '0') + hex + "\"", "escape");
        if (!decoded || !decoded->is_string()) return std::nullopt;
        out += json_as_string(*decoded);
        i += digits;
        break;
      }
      default: out += e; break;  // \\, \', \" and anything unknown: the character itself
    }
  }
  return std::nullopt;
}

std::optional<json> read_number(std::string_view text, size_t* pos) {
  size_t end = *pos;
  if (end < text.size() && (text[end] == '-' || text[end] == '+')) ++end;
  while (end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[end])) || text[end] == '.' || text[end] == 'e' ||
          text[end] == 'E' ||
          ((text[end] == '-' || text[end] == '+') && (text[end - 1] == 'e' || text[end - 1] == 'E'))))
    ++end;
  std::string_view digits = text.substr(*pos, end - *pos);
  if (digits.starts_with('+')) digits.remove_prefix(1);
  json n = parse_json(digits, "number").value_or(json());
  if (!n.is_number()) return std::nullopt;
  *pos = end;
  return n;
}

std::optional<json> read_value(std::string_view text, size_t* pos, int depth);

/// The items of a list, tuple or dict up to `close`; `dict` reads `key: value` pairs.
std::optional<json> read_items(std::string_view text, size_t* pos, char close, bool dict, int depth) {
  json out = dict ? json::object() : json::array();
  size_t at = *pos + 1;
  for (;;) {
    at = skip_space(text, at);
    if (at >= text.size()) return std::nullopt;
    if (text[at] == close) break;
    auto item = read_value(text, &at, depth + 1);
    if (!item) return std::nullopt;
    if (dict) {
      at = skip_space(text, at);
      if (at >= text.size() || text[at] != ':') return std::nullopt;
      ++at;
      auto value = read_value(text, &at, depth + 1);
      if (!value) return std::nullopt;
      out[item->is_string() ? json_as_string(*item) : dump_json(*item)] = std::move(*value);
    } else {
      out.push_back(std::move(*item));
    }
    at = skip_space(text, at);
    if (at < text.size() && text[at] == ',')
      ++at;
    else if (at >= text.size() || text[at] != close)
      return std::nullopt;
  }
  *pos = at + 1;
  return out;
}

std::optional<json> read_value(std::string_view text, size_t* pos, int depth) {
  if (depth > kMaxDepth) return std::nullopt;
  size_t at = skip_space(text, *pos);
  if (at >= text.size()) return std::nullopt;
  char c = text[at];
  std::optional<json> value;
  if (c == '"' || c == '\'') {
    if (auto s = read_string(text, &at)) value = std::move(*s);
  } else if (c == '[') {
    value = read_items(text, &at, ']', false, depth);
  } else if (c == '(') {
    value = read_items(text, &at, ')', false, depth);
  } else if (c == '{') {
    value = read_items(text, &at, '}', true, depth);
  } else if (c == '-' || c == '+' || c == '.' || std::isdigit(static_cast<unsigned char>(c))) {
    value = read_number(text, &at);
  } else {
    std::string_view word = identifier(text, at, false);
    if (word == "True" || word == "true") value = true;
    if (word == "False" || word == "false") value = false;
    if (word == "None" || word == "null") value = nullptr;
    if (value) at += word.size();
  }
  if (value) *pos = at;
  return value;
}

}  // namespace

std::optional<json> read_python_literal(std::string_view text, size_t* pos) {
  return read_value(text, pos, 0);
}

std::optional<ToolCall> read_python_call(std::string_view text, size_t* pos) {
  size_t at = skip_space(text, *pos);
  std::string_view name = identifier(text, at, true);
  if (name.empty()) return std::nullopt;
  at = skip_space(text, at + name.size());
  if (at >= text.size() || text[at] != '(') return std::nullopt;
  json args = json::object();
  ++at;
  for (;;) {
    at = skip_space(text, at);
    if (at >= text.size()) return std::nullopt;
    if (text[at] == ')') break;
    std::string_view key = identifier(text, at, false);
    if (key.empty()) return std::nullopt;
    at = skip_space(text, at + key.size());
    if (at >= text.size() || text[at] != '=') return std::nullopt;
    ++at;
    auto value = read_value(text, &at, 1);
    if (!value) return std::nullopt;
    args[std::string(key)] = std::move(*value);
    at = skip_space(text, at);
    if (at < text.size() && text[at] == ',')
      ++at;
    else if (at >= text.size() || text[at] != ')')
      return std::nullopt;
  }
  *pos = at + 1;
  ToolCall call;
  call.name = std::string(name);
  call.arguments = dump_json(args);
  return call;
}

}  // namespace pair::tool_call_formats
