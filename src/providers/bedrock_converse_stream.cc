#include "providers/bedrock_converse_stream.h"

#include <nlohmann/json.hpp>

#include "providers/bedrock_errors.h"
#include "util/json_parse.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

const json* object_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

FinishReason converse_finish_reason(std::string_view r) {
  if (r == "end_turn" || r == "stop_sequence") return FinishReason::kStop;
  if (r == "tool_use") return FinishReason::kToolCalls;
  if (r == "max_tokens" || r == "model_context_window_exceeded") return FinishReason::kLength;
  if (r == "guardrail_intervened" || r == "content_filtered") return FinishReason::kContentFilter;
  return FinishReason::kOther;
}

ConverseStreamDecoder::ConverseStreamDecoder(ModelEventHandler on_event, std::string where)
    : on_event_(std::move(on_event)),
      where_(std::move(where)),
      frames_([this](const EventStreamMessage& m) { return on_message(m); }) {}

Result<void> ConverseStreamDecoder::feed(std::string_view bytes) {
  auto r = frames_.feed(bytes);
  if (!r && r.error().code == ErrorCode::kProtocol && frames_.messages() == 0)
    return fail(ErrorCode::kProtocol, where_ + " did not answer with an event stream: " + r.error().message);
  return r;
}

Result<void> ConverseStreamDecoder::on_message(const EventStreamMessage& message) {
  std::string_view kind = message.string_header(":message-type");
  if (kind == "exception") {
    std::string text;
    json j = parse_json(message.payload, "exception event").value_or(json());
    if (j.is_object())
      text = json_string_or(j, "message").empty() ? json_string_or(j, "Message") : json_string_or(j, "message");
    if (text.empty()) text = utf8_sanitize(message.payload.substr(0, utf8_safe_cut(message.payload, 500)));
    return std::unexpected(bedrock_error(message.string_header(":exception-type"), text, 0, where_));
  }
  if (kind == "error") {
    return std::unexpected(
        bedrock_error(message.string_header(":error-code"), message.string_header(":error-message"), 0, where_));
  }
  if (kind != "event" && !kind.empty()) return {};  // a kind this version does not know
  return on_event(message.string_header(":event-type"), message.payload);
}

void ConverseStreamDecoder::close_tool_use(int block) {
  auto it = open_tools_.find(block);
  if (it == open_tools_.end()) return;
  OpenToolUse t = std::move(it->second);
  open_tools_.erase(it);
  on_event_(
      model_event::ToolCallDone{{std::move(t.id), std::move(t.name), t.input.empty() ? "{}" : std::move(t.input)}});
}

Result<void> ConverseStreamDecoder::on_event(std::string_view type, std::string_view payload) {
  if (type.empty()) return {};
  auto parsed = parse_json(payload, std::string(type) + " event");
  if (!parsed || !parsed->is_object()) {
    std::string shown(payload.substr(0, utf8_safe_cut(payload, 200)));
    return fail(ErrorCode::kProtocol, where_ + " sent a " + std::string(type) + " event that is not a JSON object" +
                                          (parsed ? "" : " (" + parsed.error().message + ")") + ": " +
                                          utf8_sanitize(shown));
  }
  const json& j = *parsed;
  int block = static_cast<int>(json_int_or(j, "contentBlockIndex"));
  if (type == "contentBlockStart") {
    const json* start = object_field(j, "start");
    const json* tool = start ? object_field(*start, "toolUse") : nullptr;
    if (!tool) return {};
    OpenToolUse t{tool_calls_++, json_string_or(*tool, "toolUseId"), json_string_or(*tool, "name"), ""};
    received_content_ = true;
    on_event_(model_event::ToolCallBegin{t.index, t.id, t.name});
    open_tools_[block] = std::move(t);
  } else if (type == "contentBlockDelta") {
    const json* delta = object_field(j, "delta");
    if (!delta) return {};
    if (std::string text = json_string_or(*delta, "text"); !text.empty()) {
      received_content_ = true;
      on_event_(model_event::TextDelta{std::move(text)});
    }
    if (const json* reasoning = object_field(*delta, "reasoningContent")) {
      if (std::string text = json_string_or(*reasoning, "text"); !text.empty()) {
        received_content_ = true;
        on_event_(model_event::ReasoningDelta{std::move(text)});
      }
    }
    if (const json* tool = object_field(*delta, "toolUse")) {
      auto it = open_tools_.find(block);
      if (it == open_tools_.end()) {  // input without a start: keep it; the agent names what is missing
        it = open_tools_.emplace(block, OpenToolUse{tool_calls_++, "", "", ""}).first;
        on_event_(model_event::ToolCallBegin{it->second.index, "", ""});
      }
      received_content_ = true;
      it->second.input += json_string_or(*tool, "input");
    }
  } else if (type == "contentBlockStop") {
    close_tool_use(block);
  } else if (type == "messageStop") {
    while (!open_tools_.empty()) close_tool_use(open_tools_.begin()->first);
    stop_reason_ = json_string_or(j, "stopReason");
  } else if (type == "metadata") {
    if (const json* u = object_field(j, "usage")) {
      int64_t input = json_int_or(*u, "inputTokens"), output = json_int_or(*u, "outputTokens");
      int64_t cache_read = json_int_or(*u, "cacheReadInputTokens"),
              cache_write = json_int_or(*u, "cacheWriteInputTokens");
      on_event_(model_event::Usage{{input + cache_read + cache_write, output, cache_read}});
      ServerTimings t;
      t.prompt_n = input + cache_write;
      t.cache_n = cache_read;
      t.predicted_n = output;
      if (const json* m = object_field(j, "metrics")) t.total_ms = static_cast<double>(json_int_or(*m, "latencyMs"));
      on_event_(model_event::Timings{t});
    }
  }
  // messageStart (always role "assistant") and unknown events carry nothing we use.
  return {};
}

Result<void> ConverseStreamDecoder::finish() {
  if (finished_) return {};
  finished_ = true;
  // After messageStop only metadata may follow: the answer stands even if that was cut off.
  if (!stop_reason_ && !frames_.at_boundary())
    return fail(ErrorCode::kDisconnected, "the connection to " + where_ + " closed in the middle of an event");
  if (!stop_reason_)
    return fail(ErrorCode::kDisconnected, "the connection to " + where_ + " closed before the answer was complete");
  on_event_(model_event::Finish{converse_finish_reason(*stop_reason_), *stop_reason_});
  return {};
}

}  // namespace pair
