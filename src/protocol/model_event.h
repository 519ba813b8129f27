#pragma once
/// What a provider produces while the model answers: the wire format of any
/// server, translated. The agent loop consumes these and nothing else.

#include <cstdint>
#include <functional>
#include <string>
#include <variant>

#include "protocol/message.h"

namespace pair {

enum class FinishReason { kStop, kToolCalls, kLength, kContentFilter, kOther };

std::string_view finish_reason_name(FinishReason r);

/// Token counts as the server reports them (`usage`).
struct TokenUsage {
  int64_t prompt_tokens = 0;
  int64_t completion_tokens = 0;
  int64_t cached_tokens = 0;  ///< prompt tokens served from the server's cache, where reported
};

/// llama-server's `timings`: the server's own account of prompt processing.
struct ServerTimings {
  int64_t prompt_n = 0;     ///< prompt tokens processed for this request
  int64_t cache_n = 0;      ///< prompt tokens reused from the KV cache
  int64_t predicted_n = 0;  ///< tokens generated
  double prompt_ms = 0;
  double predicted_ms = 0;
  double prompt_per_second = 0;
  double predicted_per_second = 0;
  double total_ms = 0;  ///< the whole request as the server timed it, where reported (Bedrock's latencyMs)
  /// Speculative decoding (llama-server's `draft_n`, `draft_n_accepted`): tokens drafted and
  /// accepted; 0 when the server drafts nothing.
  int64_t draft_n = 0;
  int64_t draft_accepted = 0;
};

/// llama-server's prompt-processing progress (`return_progress`): proof of life
/// during a long prefill.
struct PromptProgress {
  int64_t total = 0;
  int64_t cache = 0;
  int64_t processed = 0;
  double time_ms = 0;
};

namespace model_event {
struct TextDelta {
  std::string text;
};
struct ReasoningDelta {
  std::string text;
};
/// A tool call has begun streaming (its name is known, arguments not yet).
struct ToolCallBegin {
  int index = 0;
  std::string id;
  std::string name;
};
/// A tool call is complete.
struct ToolCallDone {
  ToolCall call;
};
struct Usage {
  TokenUsage usage;
};
struct Timings {
  ServerTimings timings;
};
struct Progress {
  PromptProgress progress;
};
struct Finish {
  FinishReason reason = FinishReason::kStop;
  std::string raw;
};
}  // namespace model_event

using ModelEvent = std::variant<model_event::TextDelta, model_event::ReasoningDelta, model_event::ToolCallBegin,
                                model_event::ToolCallDone, model_event::Usage, model_event::Timings,
                                model_event::Progress, model_event::Finish>;

using ModelEventHandler = std::function<void(const ModelEvent&)>;

}  // namespace pair
