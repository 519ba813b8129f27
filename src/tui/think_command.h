#pragma once
/// `/think`: how much a reasoning model thinks, for the rest of the session.
/// It sets request fields (llama-server's per-request reasoning budget, the
/// OpenAI-style `reasoning_effort`), never the prompt, so the server's prompt
/// cache keeps serving the conversation.
///
///   /think           off when thinking is on, else back to the model's setting
///   /think off | on  no thinking (budget 0) | no limit (budget -1)
///   /think N         at most N tokens of thinking
///   /think low ...   an effort level (none, minimal, low, medium, high, xhigh, max)
///   /think default   the model's own setting (models.json's `reasoning`)

#include <string>
#include <string_view>

#include "protocol/model_provider.h"
#include "util/error.h"

namespace pair::tui {

/// The setting `/think ARGS` asks for, given the session's `current` one and
/// the model's `configured` one. Errors (kInvalidArgument) say what `/think` takes.
Result<ReasoningOptions> think_choice(std::string_view args, const ReasoningOptions& current,
                                      const ReasoningOptions& configured);

/// One line for the transcript: "Thinking: at most 2,048 tokens, effort high".
std::string describe_reasoning(const ReasoningOptions& reasoning);

}  // namespace pair::tui
