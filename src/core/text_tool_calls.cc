#include "core/text_tool_calls.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "util/json_parse.h"
#include "util/strings.h"

namespace pair {
namespace {

using nlohmann::json;

constexpr std::string_view kOpen = "<tool_call>";
constexpr std::string_view kClose = "</tool_call>";

/// Strips exactly one leading and one trailing newline, as the XML style
/// writes values on their own lines.
std::string_view strip_newlines(std::string_view v) {
  if (v.starts_with("\r\n"))
    v.remove_prefix(2);
  else if (v.starts_with("\n"))
    v.remove_prefix(1);
  if (v.ends_with("\r\n"))
    v.remove_suffix(2);
  else if (v.ends_with("\n"))
    v.remove_suffix(1);
  return v;
}

std::optional<ToolCall> parse_json_style(std::string_view body) {
  json j = parse_json(trim(body), "tool call").value_or(json());
  if (!j.is_object()) return std::nullopt;
  ToolCall call;
  call.name = json_string_or(j, "name");
  if (call.name.empty()) return std::nullopt;
  json args = json::object();
  for (const char* key : {"arguments", "parameters"}) {
    if (auto a = j.find(key); a != j.end()) {
      args = *a;
      break;
    }
  }
  call.arguments = args.is_string() ? json_as_string(args) : dump_json(args);
  return call;
}

std::optional<ToolCall> parse_xml_style(std::string_view body) {
  body = trim(body);
  constexpr std::string_view kFn = "<function=";
  if (!body.starts_with(kFn)) return std::nullopt;
  size_t name_end = body.find('>');
  if (name_end == std::string_view::npos) return std::nullopt;
  ToolCall call;
  call.name = std::string(trim(body.substr(kFn.size(), name_end - kFn.size())));
  if (call.name.empty()) return std::nullopt;
  std::string_view rest = body.substr(name_end + 1);
  size_t fn_close = rest.rfind("</function>");
  if (fn_close != std::string_view::npos) rest = rest.substr(0, fn_close);
  json args = json::object();
  constexpr std::string_view kParam = "<parameter=";
  constexpr std::string_view kParamClose = "</parameter>";
  for (size_t pos = rest.find(kParam); pos != std::string_view::npos; pos = rest.find(kParam, pos)) {
    size_t key_end = rest.find('>', pos);
    if (key_end == std::string_view::npos) return std::nullopt;
    std::string key(trim(rest.substr(pos + kParam.size(), key_end - pos - kParam.size())));
    size_t value_end = rest.find(kParamClose, key_end + 1);
    // A missing close tag ends the value at the next parameter, or at the end.
    size_t next_param = rest.find(kParam, key_end + 1);
    size_t stop = std::min(value_end, next_param);
    std::string_view value =
        rest.substr(key_end + 1, stop == std::string_view::npos ? std::string_view::npos : stop - key_end - 1);
    args[key] = std::string(strip_newlines(value));
    pos = stop == std::string_view::npos ? rest.size() : (stop == value_end ? value_end + kParamClose.size() : stop);
  }
  // The model's text may hold invalid UTF-8; the arguments must still be valid JSON.
  call.arguments = dump_json(args);
  return call;
}

std::optional<ToolCall> parse_call(std::string_view body) {
  if (auto c = parse_json_style(body)) return c;
  return parse_xml_style(body);
}

}  // namespace

TextToolCalls extract_text_tool_calls(std::string_view text) {
  TextToolCalls out;
  std::string remaining;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t open = text.find(kOpen, pos);
    // Qwen3-Coder sometimes leaves out the <tool_call> wrapper.
    size_t bare = text.find("<function=", pos);
    if (open == std::string_view::npos && bare == std::string_view::npos) break;
    bool wrapped = open != std::string_view::npos && (bare == std::string_view::npos || open <= bare);
    size_t start = wrapped ? open : bare;
    size_t body_start = wrapped ? open + kOpen.size() : bare;
    size_t close = wrapped ? text.find(kClose, body_start) : text.find("</function>", body_start);
    size_t body_end = close == std::string_view::npos ? text.size() : close;
    size_t after = close == std::string_view::npos
                       ? text.size()
                       : close + (wrapped ? kClose.size() : std::string_view("</function>").size());
    std::string_view body = text.substr(body_start, body_end - body_start);
    if (!wrapped) body = text.substr(bare, after - bare);
    auto call = parse_call(body);
    if (!call) {
      // Not a call after all: keep the text as it is and look further on.
      remaining.append(text.substr(pos, start + 1 - pos));
      pos = start + 1;
      continue;
    }
    remaining.append(text.substr(pos, start - pos));
    out.calls.push_back(std::move(*call));
    pos = after;
  }
  if (out.calls.empty()) {
    out.remaining_text = std::string(text);
    return out;
  }
  remaining.append(text.substr(std::min(pos, text.size())));
  out.remaining_text = std::string(trim(remaining));
  return out;
}

}  // namespace pair
