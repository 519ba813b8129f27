#pragma once
/// What to do about a failed turn, in the words of the front-end that shows
/// it (`/model` in the terminal UI, `--model NAME` headless) and of the model's
/// kind (a local model's window is `ctx` in models.json, any other model's
/// `context_window`). Errors from providers say what went wrong; this adds
/// the way out that depends on where the user sits.

#include <string>

#include "util/error.h"

namespace pair {

/// Which front-end runs the agent.
enum class FrontEnd {
  kHeadless,    ///< pair -p: flags, no commands
  kTerminalUi,  ///< pair in a terminal: slash commands
};

struct AdviceContext {
  FrontEnd front_end = FrontEnd::kHeadless;
  /// A local model pair runs itself (models.json `gguf`/`hf`).
  bool managed_model = false;
};

/// "/model" or "--model NAME".
std::string switch_model_hint(FrontEnd front_end);
/// Where the model's window is set: `"ctx" in its models.json entry` for a
/// local model, `context_window in models.json` otherwise.
std::string window_setting_hint(bool managed_model);
/// What to do when the conversation does not fit the window.
std::string overflow_advice(const AdviceContext& c);
/// `e` with the way out added where it depends on the front-end: an
/// overflow, a server that cannot be reached, refused credentials, an
/// unknown model. Other errors are returned as they are.
Error with_advice(Error e, const AdviceContext& c);

}  // namespace pair
