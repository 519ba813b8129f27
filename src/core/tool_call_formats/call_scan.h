#pragma once
/// What every tool-call format reader shares: the calls it found and where
/// they lie in the answer's text, the offered tool names a call must use, and
/// small readers for JSON and tags inside model text. Pure functions, safe on
/// any thread.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "protocol/message.h"

namespace pair::tool_call_formats {

/// The names of the tools offered in the request; a call naming anything else
/// is not taken (it is prose, or a slip the model sees as text).
using OfferedNames = std::span<const std::string>;

/// Calls found in text[begin, end): that stretch leaves the answer's text.
struct CallSpan {
  size_t begin = 0;
  size_t end = 0;
  /// In order; ids left empty. Empty for a format's own marker around the
  /// calls (Functionary's `>>>all`), dropped with them when any call is found.
  std::vector<ToolCall> calls;
};

/// An answer's text as the readers see it: the text, the offered tool names,
/// and where the text shows code (fenced blocks, inline `code` spans), found
/// once so that each reader asks in logarithmic time. Borrows the text and the
/// names: both must outlive it.
class Answer {
 public:
  /// `take_broken`: whether readers also take calls that their family's
  /// unambiguous markers hold but that are cut off, name a tool not offered or
  /// carry arguments that are not an object (core/tool_call_formats/broken_calls.h).
  Answer(std::string_view text, OfferedNames offered, bool take_broken = false);

  /// Whether text[pos] lies in a fenced code block (``` or ~~~ lines, closed
  /// after pos) or in an inline `code` span: a format shown, not a call made.
  bool is_quoted(size_t pos) const;

  std::string_view text;
  OfferedNames offered;
  bool take_broken = false;

 private:
  // [begin, end) ranges, each list sorted and not overlapping (a span inside a block is in both).
  std::vector<std::pair<size_t, size_t>> fences_;
  std::vector<std::pair<size_t, size_t>> inline_code_;
};

/// One format's reader: every well-formed call of its format in the answer,
/// spans in increasing order and not overlapping; none when it holds none.
using FormatReader = std::vector<CallSpan> (*)(const Answer& answer);

bool is_offered(OfferedNames offered, std::string_view name);

/// One past the end of the JSON object or array that starts at text[pos]
/// ('{' or '['), skipping brackets inside strings; npos when it never closes
/// (a truncated call) or text[pos] opens neither.
size_t json_value_end(std::string_view text, size_t pos);

/// The JSON object at text[pos] (after whitespace): a call's arguments.
/// Nothing when it is cut off, invalid or not an object; `*end` is one past it.
std::optional<nlohmann::json> arguments_at(std::string_view text, size_t pos, size_t* end);

/// Whether the JSON value at text[pos] (after whitespace) is still open at the
/// end of the text: a cut-off call. A reader stops at the first: the rest of
/// the text lies inside it, and reading on from each later bracket would take
/// time quadratic in the text's length (a model repeating a broken call).
bool json_open_to_end(std::string_view text, size_t pos);

/// The call `name` with `arguments` as the model sent them: an object sent as
/// a JSON string is unwrapped; anything else stays as it came, as JSON, so that
/// the argument check tells the model what it sent. The name is not checked.
ToolCall call_as_sent(std::string name, const nlohmann::json& arguments);

/// A call from `name` and its arguments (an object, or a string holding one;
/// anything else is kept as JSON, and the argument check later gives the model
/// a precise error). Nothing when `name` is not offered.
std::optional<ToolCall> make_call(std::string name, const nlohmann::json& arguments, OfferedNames offered);

/// A call from one JSON object of the common shapes: {"name"|"tool_name": N,
/// "arguments"|"parameters": {...}}, also nested in {"function": {...}}.
std::optional<ToolCall> call_from_object(const nlohmann::json& object, OfferedNames offered);

/// The JSON value (object or array) at text[pos] read as calls: an object is
/// one call, an array one call per element. Nothing when the JSON is cut off
/// or invalid or any element is not a call of an offered tool. `*end` is one
/// past the value.
std::optional<std::vector<ToolCall>> calls_from_json_at(std::string_view text, size_t pos, OfferedNames offered,
                                                        size_t* end);

/// Where the next `marker` at or after `*pos` starts that is not quoted (see
/// Answer::is_quoted); npos when none is. `*pos` moves past the marker found (to the
/// end of the text when none is), so that a loop goes on after it.
size_t find_unquoted(const Answer& answer, std::string_view marker, size_t* pos);

/// Where the line at `*line` starts past its indentation (spaces and tabs), for the
/// formats whose calls begin a line; a line that starts quoted (Answer::is_quoted) is
/// passed over for the next. `*line` moves to the start of the line after the one
/// returned, so that a loop goes on there (or from wherever it sets `*line` to, past
/// a call it read); npos when the text ends first.
size_t next_line_start(const Answer& answer, size_t* line);

/// `pos` moved past `token` when only whitespace stands before it; `pos` otherwise.
size_t past_token(std::string_view text, size_t pos, std::string_view token);

/// Where `token` starts when it ends just before `pos`, whitespace between; npos otherwise.
size_t token_before(std::string_view text, size_t pos, std::string_view token);

/// The first position at or after `pos` that is not ASCII whitespace.
size_t skip_space(std::string_view text, size_t pos);

/// `v` without one leading and one trailing newline (values written on their
/// own lines in the XML-like formats).
std::string_view strip_newlines(std::string_view v);

}  // namespace pair::tool_call_formats
