#pragma once
/// Formats whose calls sit between special tokens in a section:
/// - DeepSeek V3.1
/// `<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>NAME<｜tool▁sep｜>{..}<｜tool▁call▁end｜><｜tool▁calls▁end｜>`,
/// - DeepSeek R1 the same with `function<｜tool▁sep｜>NAME\n```json\n{..}```` as the call,
/// - Kimi K2
/// `<|tool_calls_section_begin|><|tool_call_begin|>functions.NAME:0<|tool_call_argument_begin|>{..}<|tool_call_end|><|tool_calls_section_end|>`.
/// The section markers are optional around a call (a server may have eaten them).

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_deepseek(const Answer& answer);
std::vector<CallSpan> read_kimi_k2(const Answer& answer);

}  // namespace pair::tool_call_formats
