#pragma once
/// Pythonic calls: a Python list of calls, `[get_time(city="Paris"), empty_args()]`,
/// inside LFM2's `<|tool_call_start|>...<|tool_call_end|>` or on a line of its
/// own (Llama 3.2 and other small models), and Llama 3.x's built-in style
/// `<|python_tag|>NAME.call(KEY="V")`.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

/// In `<|tool_call_start|>`: pythonic, or a JSON list of call objects.
std::vector<CallSpan> read_lfm2(const Answer& answer);
/// Only a list that starts a line and whose every call names an offered tool:
/// `[x(a=1)]` naming anything else is prose.
std::vector<CallSpan> read_pythonic_list(const Answer& answer);
std::vector<CallSpan> read_llama_builtin(const Answer& answer);

}  // namespace pair::tool_call_formats
