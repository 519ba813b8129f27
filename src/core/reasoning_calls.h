#pragma once
/// Tool calls a model wrote inside its reasoning (Qwen3's `<think>`,
/// Mistral's `[THINK]`) instead of after it. Such a call is never run: the
/// reasoning is the model thinking, and what it thinks about doing is not
/// what it did. But a model that ends its reasoning with a call and then
/// answers nothing has usually just put the call in the wrong place, so the
/// agent tells it once per turn to make the call outside its reasoning.

#include <string>
#include <string_view>
#include <vector>

#include "core/tool_registry.h"
#include "protocol/message.h"

namespace pair {

/// The names of the calls `reasoning` ends with, when it ends with well-formed
/// calls (in a format core/text_tool_calls.h recovers) of tools in `tools`;
/// empty otherwise (no call, text after the last one, an unknown tool).
std::vector<std::string> calls_ending_reasoning(std::string_view reasoning, const ToolRegistry& tools);

/// The message that asks the model to make `names`' calls outside its
/// reasoning: a user message, appended after the answer (earlier messages
/// stay as they were sent, for the prompt cache). It is kept in the
/// conversation and the session like any message: the next requests extend
/// the one that carried it, and a resumed session reads as the model saw it.
Message reasoning_call_nudge(const std::vector<std::string>& names);

/// The notice front-ends show when the nudge is sent.
std::string reasoning_call_notice(const std::vector<std::string>& names);

}  // namespace pair
