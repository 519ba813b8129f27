#pragma once
/// Formats that wrap a JSON call object (or an array of them) in a marker:
/// Hermes 2 Pro / Qwen 2.5 / Granite 4 `<tool_call>{...}</tool_call>`,
/// Nemotron `<TOOLCALL>[...]</TOOLCALL>`, Granite 3 `<|tool_call|>[...]`,
/// Command R7B `<|START_ACTION|>[{"tool_name":..,"parameters":..}]<|END_ACTION|>`,
/// FireFunction ` functools[...]`, Llama 3.x `<|python_tag|>{...}`; and Llama
/// 3.x's bare `{"name": .., "parameters": {..}}` on a line of its own.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_hermes_json(const Answer& answer);
std::vector<CallSpan> read_nemotron(const Answer& answer);
std::vector<CallSpan> read_granite(const Answer& answer);
std::vector<CallSpan> read_command_r7b(const Answer& answer);
std::vector<CallSpan> read_firefunction(const Answer& answer);
std::vector<CallSpan> read_llama_python_tag(const Answer& answer);
/// Only an object that starts a line, names an offered tool and carries
/// "parameters" or "arguments": any other JSON in an answer is prose.
std::vector<CallSpan> read_llama_bare_json(const Answer& answer);

}  // namespace pair::tool_call_formats
