#include "core/tool_call_formats/broken_calls.h"

#include <nlohmann/json.hpp>

#include "core/tool_call_formats/call_scan.h"
#include "util/json_parse.h"
#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

using nlohmann::json;
constexpr size_t npos = std::string_view::npos;

/// Where the value of `"key":` starts in `object_text`; npos when the key is not there.
size_t value_of_key(std::string_view object_text, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  for (size_t at = object_text.find(quoted); at != npos; at = object_text.find(quoted, at + 1)) {
    size_t colon = skip_space(object_text, at + quoted.size());
    if (colon < object_text.size() && object_text[colon] == ':') return skip_space(object_text, colon + 1);
  }
  return npos;
}

/// The string value of the first of `keys` in JSON text that does not parse.
std::string name_in_text(std::string_view object_text) {
  for (const char* key : {"name", "tool_name"}) {
    size_t at = value_of_key(object_text, key);
    if (at == npos || at >= object_text.size() || object_text[at] != '"') continue;
    size_t close = object_text.find('"', at + 1);
    if (close != npos) return std::string(object_text.substr(at + 1, close - at - 1));
  }
  return "";
}

/// One call from a parsed object: its name and arguments as sent.
ToolCall call_from_parsed(const json& object) {
  if (!object.is_object()) return call_as_sent("", object);
  const json* fn = &object;
  if (auto f = object.find("function"); f != object.end() && f->is_object()) fn = &*f;
  std::string name = json_string_or(*fn, "name");
  if (name.empty()) name = json_string_or(*fn, "tool_name");
  for (const char* key : {"arguments", "parameters"})
    if (auto a = fn->find(key); a != fn->end()) return call_as_sent(std::move(name), *a);
  return call_as_sent(std::move(name), json::object());
}

}  // namespace

ToolCall broken_call(std::string name, std::string_view text, size_t pos, size_t limit) {
  pos = skip_space(text, pos);
  limit = std::max(pos, std::min(limit, text.size()));
  // Bounded by `limit`, so that a model repeating a broken call is read in linear time.
  size_t end =
      pos < limit && (text[pos] == '{' || text[pos] == '[') ? json_value_end(text.substr(0, limit), pos) : npos;
  std::string_view raw = trim(text.substr(pos, (end == npos || end > limit ? limit : end) - pos));
  auto parsed = parse_json(raw, "tool call");
  if (parsed) return call_as_sent(std::move(name), *parsed);
  ToolCall call;
  call.name = std::move(name);
  call.arguments = std::string(raw);  // not JSON: the runner quotes it back to the model
  return call;
}

std::vector<ToolCall> broken_json_calls(std::string_view text, size_t body, size_t limit, size_t* value_end) {
  body = skip_space(text, body);
  limit = std::min(limit, text.size());
  if (body >= limit || (text[body] != '{' && text[body] != '[')) return {};
  size_t end = json_value_end(text.substr(0, limit), body);
  bool whole = end != npos;
  std::string_view raw = text.substr(body, (whole ? end : limit) - body);
  *value_end = whole ? end : limit;
  if (auto parsed = parse_json(raw, "tool call")) {
    std::vector<ToolCall> calls;
    if (parsed->is_array()) {
      for (const auto& element : *parsed) calls.push_back(call_from_parsed(element));
    } else {
      calls.push_back(call_from_parsed(*parsed));
    }
    return calls;
  }
  // Cut off or invalid: one call, its name read from the text, its arguments as far as they go.
  std::string name = name_in_text(raw);
  size_t args = value_of_key(raw, "arguments");
  if (args == npos) args = value_of_key(raw, "parameters");
  if (args == npos) {
    ToolCall call;
    call.name = std::move(name);
    call.arguments = std::string(trim(raw));
    return {call};
  }
  return {broken_call(std::move(name), raw, args, raw.size())};
}

}  // namespace pair::tool_call_formats
