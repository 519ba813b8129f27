#pragma once
/// The XML-like formats, whose argument values are raw text (the argument
/// check later turns "42" into 42 where the tool's schema wants a number):
/// - Qwen3-Coder `<tool_call><function=NAME><parameter=K>V</parameter></function></tool_call>`
///   (the wrapper is sometimes left out; `<function=NAME>{json}</function>` is
///   Functionary v3.1's),
/// - Seed-OSS, the same inside `<seed:tool_call>`,
/// - MiniMax-M2 `<minimax:tool_call><invoke name="N"><parameter name="K">V</parameter></invoke></minimax:tool_call>`,
/// - GLM-4.5/4.6/4.7 `<tool_call>NAME<arg_key>K</arg_key><arg_value>V</arg_value></tool_call>`.
/// A call must be closed (`</function>`, `</invoke>`, `</tool_call>`): a cut-off
/// one is left as text.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_qwen3_coder(const Answer& answer);
std::vector<CallSpan> read_seed_oss(const Answer& answer);
std::vector<CallSpan> read_minimax(const Answer& answer);
std::vector<CallSpan> read_glm(const Answer& answer);

}  // namespace pair::tool_call_formats
