#pragma once
/// Decodes the data payloads of an OpenAI chat-completions stream into model
/// events: text, reasoning (`reasoning_content` or `reasoning`), tool calls
/// assembled from deltas, usage, llama-server's `timings` and
/// `prompt_progress`, and the finish reason.

#include <optional>
#include <string>
#include <string_view>

#include "protocol/model_event.h"
#include "providers/tool_call_assembler.h"
#include "util/error.h"

namespace pair {

class OpenAIStreamDecoder {
 public:
  /// `url` only names the server in error messages.
  OpenAIStreamDecoder(ModelEventHandler on_event, std::string url);

  /// One SSE `data:` payload. `[DONE]` ends the stream. An error object from
  /// the server, or a payload that is not JSON, is returned as an error.
  Result<void> on_data(std::string_view data);
  /// The connection ended. Delivers the assembled tool calls and the Finish
  /// event, or an error when the answer was cut off before it finished.
  Result<void> finish();

  bool saw_done() const { return saw_done_; }
  /// Whether any content (not just progress) arrived: after that, a retry
  /// would repeat work the server already did.
  bool received_content() const { return received_content_; }

 private:
  ModelEventHandler on_event_;
  std::string url_;
  ToolCallAssembler tool_calls_;
  std::optional<std::string> finish_reason_;
  bool saw_done_ = false;
  bool received_content_ = false;
  bool finished_ = false;
};

}  // namespace pair
