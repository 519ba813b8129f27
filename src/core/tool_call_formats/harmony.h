#pragma once
/// gpt-oss's harmony format: a message addressed to a function,
/// `<|start|>assistant to=functions.NAME<|channel|>commentary <|constrain|>json<|message|>{..}<|call|>`
/// (the recipient may also stand after the channel:
/// `<|channel|>commentary to=functions.NAME<|message|>`). Messages to
/// built-in recipients (`to=python`, `to=container.exec`) are not pair's tools
/// and stay text. With a call found, the other messages' framing leaves the
/// text (their content stays), and analysis messages, the model's reasoning,
/// leave it whole.

#include "core/tool_call_formats/call_scan.h"

namespace pair::tool_call_formats {

std::vector<CallSpan> read_harmony(const Answer& answer);

}  // namespace pair::tool_call_formats
