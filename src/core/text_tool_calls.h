#pragma once
/// Recovers tool calls that a server failed to parse and left in the answer's
/// text: Hermes/Qwen JSON style `<tool_call>{"name":..,"arguments":{..}}</tool_call>`
/// and Qwen3-Coder's XML style
/// `<tool_call><function=NAME><parameter=ARG>value</parameter></function></tool_call>`.

#include <string>
#include <string_view>
#include <vector>

#include "protocol/message.h"

namespace pair {

struct TextToolCalls {
  std::vector<ToolCall> calls;  ///< ids left empty; arguments as JSON object text
  std::string remaining_text;   ///< the text around the calls, kept
};

/// Returns no calls (and the text unchanged) when none is well formed.
/// XML-style parameter values become JSON strings; the schema check later
/// turns "42" into 42 where the tool wants a number.
TextToolCalls extract_text_tool_calls(std::string_view text);

}  // namespace pair
