#pragma once
/// Functionary v3.2's recipient format: `>>>NAME\n{..}` for a call and
/// `>>>all\nTEXT` for text to the user. The prompt ends with `>>>`, so the
/// answer's first recipient comes without it: `NAME\n{..}` at the very start.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_functionary(const Answer& answer);

}  // namespace pair::tool_call_formats
