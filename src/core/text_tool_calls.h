#pragma once
/// Recovers tool calls that a server failed to parse and left in the answer's
/// text, in the format of every model family llama.cpp's chat parsers know
/// (the readers under core/tool_call_formats/, one per family or group).
/// Only calls of the tools offered in the request are taken; a format merely
/// mentioned or shown in a code block stays text. Pure; safe on any thread.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/message.h"

namespace pair {

struct TextToolCalls {
  std::vector<ToolCall> calls;  ///< in the answer's order; ids left empty; arguments as JSON text
  std::string remaining_text;   ///< the text around the calls, kept
  std::string format;           ///< the family whose format the calls were in ("Mistral", ...)
  /// How many of `calls` are broken (BrokenCalls::kTaken): a name not offered,
  /// or arguments that are not a JSON object. They fail with an error, not run.
  size_t malformed = 0;
};

/// Whether calls that a family's unambiguous markers hold but that are not
/// well formed are taken (core/tool_call_formats/broken_calls.h): the agent
/// takes them so that the model hears what was wrong; a reader that only asks
/// whether a text holds a call leaves them.
enum class BrokenCalls { kLeftAsText, kTaken };

/// Returns no calls (and the text unchanged) when none is well formed (or,
/// with BrokenCalls::kTaken, broken inside its family's markers). The
/// first family (in a fixed order) whose format yields a call wins: an answer
/// holds one family's calls. XML-style parameter values become JSON strings;
/// the schema check later turns "42" into 42 where the tool wants a number.
TextToolCalls extract_text_tool_calls(std::string_view text, std::span<const std::string> offered_names,
                                      BrokenCalls broken = BrokenCalls::kLeftAsText);

}  // namespace pair
