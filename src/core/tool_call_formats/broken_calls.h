#pragma once
/// Calls that a model began inside a family's unambiguous special-token
/// markers (`<tool_call>`, `<TOOLCALL>`, `<|tool_call|>`, `<|START_ACTION|>`,
/// `<|python_tag|>`, `[TOOL_CALLS]`, `<|tool_call_start|>`, DeepSeek's
/// `<｜tool▁call▁begin｜>`, Kimi K2's `<|tool_call_begin|>`; for a name not
/// offered also `<tool_call><function=`, `<seed:tool_call><function=`, GLM's
/// `<tool_call>NAME<arg_key>` and `<minimax:tool_call>`) but
/// did not write whole: cut off, naming a
/// tool that was not offered, or with arguments that are not a JSON object.
/// They are taken as calls as the model sent them, never run: the tool runner
/// answers each with what was wrong (unknown tool and the offered ones,
/// arguments not valid JSON or not an object), so that the model can correct
/// the call instead of the turn ending on a silent text answer. Prose and code
/// blocks never reach these readers: a marker must be followed by the start of
/// JSON. Pure; safe on any thread.

#include <string_view>
#include <vector>

#include "protocol/message.h"

namespace pair::tool_call_formats {

/// The calls of the JSON value (an object, or an array of them) that starts at
/// text[body] and ends by `limit` (a close marker, or the text's end): each
/// object's name ("name", "tool_name", also under "function") and arguments
/// ("arguments", "parameters") as sent, whatever their type; where the JSON is
/// cut off or invalid, the name read from its text and the arguments' raw
/// text. Nothing when text[body] opens no JSON object or array. `*end` is one
/// past the value, or `limit` when it is cut off.
std::vector<ToolCall> broken_json_calls(std::string_view text, size_t body, size_t limit, size_t* end);

/// The call `name` with the arguments' raw text at text[pos, limit): a JSON
/// value as sent, or the text itself when it is cut off or invalid.
ToolCall broken_call(std::string name, std::string_view text, size_t pos, size_t limit);

}  // namespace pair::tool_call_formats
