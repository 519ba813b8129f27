#pragma once
/// Mistral's calls, both forms: the older `[TOOL_CALLS][{"name": .., "arguments": {..}, "id": ..}]`
/// (Mistral Nemo, Small 3.1) and the newer `[TOOL_CALLS]NAME[ARGS]{..}`, with an
/// optional `[CALL_ID]ID` before `[ARGS]` (Small 3.2, Devstral, Ministral),
/// one `[TOOL_CALLS]` per call.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_mistral(const Answer& answer);

}  // namespace pair::tool_call_formats
