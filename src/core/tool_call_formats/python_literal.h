#pragma once
/// Python literals and calls as pythonic tool-call formats write them:
/// `name(path="a.cc", n=1, flags=[True, None], opts={"k": 'v'})`. Pure
/// functions, safe on any thread.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

#include "protocol/message.h"

namespace pair::tool_call_formats {

/// The literal at text[*pos] (after whitespace) as JSON: strings in either
/// quote with escapes, numbers, True/False/None (and JSON's true/false/null),
/// lists, tuples (as arrays) and dicts. Nothing when malformed or nested too
/// deep; `*pos` is moved past the literal only on success.
std::optional<nlohmann::json> read_python_literal(std::string_view text, size_t* pos);

/// `NAME(KEY=VALUE, ...)` at text[*pos] (after whitespace), NAME possibly
/// dotted; keyword arguments only, since a positional one has no name to
/// send. The name is not checked against the offered tools here.
std::optional<ToolCall> read_python_call(std::string_view text, size_t* pos);

}  // namespace pair::tool_call_formats
