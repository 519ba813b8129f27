#pragma once
/// `pair doctor`'s tool-call format probe: one tiny request that offers one
/// tool and asks the model to call it, to learn whether the server parses the
/// model's calls (structured), leaves them in the text where pair recovers them
/// (with the family's format), or gives nothing usable; and the server-side fix.

#include <chrono>
#include <string>

#include "config/models_config.h"
#include "protocol/model_provider.h"

namespace pair {

enum class ToolFormat {
  kStructured,     ///< the server returned a structured tool call
  kRecoveredText,  ///< the call came as text, in a format pair recovers
  kNothing,        ///< no call: plain text, or a call pair cannot read
  kFailed,         ///< the request itself failed or timed out
};

struct ToolFormatProbe {
  ToolFormat format = ToolFormat::kFailed;
  std::string family;  ///< kRecoveredText: the format's family ("Mistral", ...)
  std::string detail;  ///< kNothing: the start of the answer's text; kFailed: the error
};

/// Sends the request through `provider` and reads the answer; gives up after
/// `timeout` (kFailed). Runs on the calling thread.
ToolFormatProbe probe_tool_format(ModelProvider& provider, std::chrono::milliseconds timeout);

/// What to change on the server so that it returns structured calls. A server
/// pair starts (`managed`, of kind `server`) already gets `--jinja` or vLLM's
/// `--enable-auto-tool-choice`: the fix is its models.json `server_args`.
/// Otherwise each common server's fix: llama-server `--jinja`, vLLM
/// `--enable-auto-tool-choice --tool-call-parser X` (X for the family when
/// known), Ollama a template with tool support.
std::string tool_format_fix(const ToolFormatProbe& probe, ServerKind server, bool managed);

}  // namespace pair
