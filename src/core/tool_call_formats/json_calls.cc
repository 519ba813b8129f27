#include "core/tool_call_formats/json_calls.h"

#include <nlohmann/json.hpp>

#include "core/tool_call_formats/broken_calls.h"
#include "util/json_parse.h"

namespace pair::tool_call_formats {
namespace {

using nlohmann::json;

/// Whether `open` is a special token no prose writes (not FireFunction's word
/// "functools"): a broken call after it is still a call.
enum class Marker { kUnambiguous, kWord };

/// The broken call that starts at text[body], up to `close` (or the end of
/// the text), when the answer takes them; `*end` is one past its JSON.
std::vector<ToolCall> broken_tagged(const Answer& answer, size_t body, std::string_view close, size_t* end) {
  std::string_view text = answer.text;
  if (!answer.take_broken) return {};
  size_t limit = close.empty() ? std::string_view::npos : text.find(close, body);
  if (limit == std::string_view::npos) limit = text.size();
  return broken_json_calls(text, body, limit, end);
}

/// Every `open` JSON `close` in text; the close marker is optional (a server
/// may stop at it, or the model may leave it out).
std::vector<CallSpan> read_tagged(const Answer& answer, std::string_view open, std::string_view close,
                                  Marker marker = Marker::kUnambiguous) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t pos = 0;
  for (size_t start; (start = find_unquoted(answer, open, &pos)) != std::string_view::npos;) {
    size_t end = 0;
    auto calls = calls_from_json_at(text, skip_space(text, pos), offered, &end);
    if (!calls && marker == Marker::kUnambiguous) {
      auto broken = broken_tagged(answer, skip_space(text, pos), close, &end);
      if (!broken.empty()) calls = std::move(broken);
    }
    if (!calls && json_open_to_end(text, pos)) break;
    if (!calls) continue;
    if (!close.empty()) end = past_token(text, end, close);
    out.push_back({start, end, std::move(*calls)});
    pos = end;
  }
  return out;
}

}  // namespace

std::vector<CallSpan> read_hermes_json(const Answer& answer) {
  return read_tagged(answer, "<tool_call>", "</tool_call>");
}

std::vector<CallSpan> read_nemotron(const Answer& answer) {
  return read_tagged(answer, "<TOOLCALL>", "</TOOLCALL>");
}

std::vector<CallSpan> read_granite(const Answer& answer) {
  return read_tagged(answer, "<|tool_call|>", "");
}

std::vector<CallSpan> read_command_r7b(const Answer& answer) {
  return read_tagged(answer, "<|START_ACTION|>", "<|END_ACTION|>");
}

std::vector<CallSpan> read_firefunction(const Answer& answer) {
  return read_tagged(answer, "functools", "", Marker::kWord);
}

std::vector<CallSpan> read_llama_python_tag(const Answer& answer) {
  return read_tagged(answer, "<|python_tag|>", "");
}

std::vector<CallSpan> read_llama_bare_json(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t line = 0;
  for (size_t start; (start = next_line_start(answer, &line)) != std::string_view::npos;) {
    if (text[start] != '{') continue;
    size_t end = json_value_end(text, start);
    if (end == std::string_view::npos && json_open_to_end(text, start)) break;
    if (end == std::string_view::npos) continue;
    json object = parse_json(text.substr(start, end - start), "tool call").value_or(json());
    bool has_arguments = object.is_object() && (object.contains("parameters") || object.contains("arguments"));
    auto call = has_arguments ? call_from_object(object, offered) : std::nullopt;
    if (!call) continue;
    out.push_back({start, end, {std::move(*call)}});
    line = end;
  }
  return out;
}

}  // namespace pair::tool_call_formats
