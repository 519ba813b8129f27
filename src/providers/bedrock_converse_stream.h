#pragma once
/// Decodes a ConverseStream response (event-stream messages whose payloads are
/// JSON) into model events:
///
/// - contentBlockDelta `text` → TextDelta; `reasoningContent.text` →
///   ReasoningDelta (signatures and redacted reasoning are not kept);
/// - contentBlockStart `toolUse` {toolUseId, name} → ToolCallBegin; its
///   `toolUse.input` deltas are JSON text in pieces, joined; contentBlockStop
///   → ToolCallDone;
/// - messageStop `stopReason` → the Finish reason (delivered by finish());
/// - metadata → Usage (prompt tokens include cache reads and writes, as
///   OpenAI counts them) and Timings (token counts; `metrics.latencyMs` as
///   total_ms);
/// - exception frames (`:message-type exception`) and error frames → Errors
///   that quote AWS (see bedrock_errors.h).
///
/// Unknown event types are ignored (forward compatible).

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/model_event.h"
#include "providers/bedrock_event_stream.h"
#include "util/error.h"

namespace pair {

class ConverseStreamDecoder {
 public:
  /// `where` names the model and endpoint in error messages.
  ConverseStreamDecoder(ModelEventHandler on_event, std::string where);
  ConverseStreamDecoder(const ConverseStreamDecoder&) = delete;
  ConverseStreamDecoder& operator=(const ConverseStreamDecoder&) = delete;

  /// Response body bytes, cut anywhere.
  Result<void> feed(std::string_view bytes);
  /// One decoded event-stream message.
  Result<void> on_message(const EventStreamMessage& message);
  /// The body ended: delivers Finish, or kDisconnected when the stream stopped
  /// before messageStop (a torn frame after it, metadata, is let go).
  Result<void> finish();

  bool saw_message_stop() const { return stop_reason_.has_value(); }
  /// Whether content (text, reasoning, a tool call) arrived: after that, a
  /// retry would repeat work already shown.
  bool received_content() const { return received_content_; }

 private:
  struct OpenToolUse {
    int index = 0;  ///< among this answer's tool calls
    std::string id;
    std::string name;
    std::string input;
  };

  Result<void> on_event(std::string_view type, std::string_view payload);
  void close_tool_use(int block);

  ModelEventHandler on_event_;
  std::string where_;
  EventStreamDecoder frames_;
  std::map<int, OpenToolUse> open_tools_;  ///< by contentBlockIndex
  int tool_calls_ = 0;
  std::optional<std::string> stop_reason_;
  bool received_content_ = false;
  bool finished_ = false;
};

/// end_turn/stop_sequence → kStop, tool_use → kToolCalls, max_tokens and
/// model_context_window_exceeded → kLength, guardrail_intervened and
/// content_filtered → kContentFilter, anything else kOther.
FinishReason converse_finish_reason(std::string_view stop_reason);

}  // namespace pair
