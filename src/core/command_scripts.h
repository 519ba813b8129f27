#pragma once
/// The little languages that prefix rules must look into: sed scripts and awk
/// programs can run commands and write files. Both checks read the script the way
/// GNU sed and awk do, and answer false ("not safe") for anything they cannot read.

#include <string_view>

namespace pair {

/// True when a sed script (one `-e` or the script operand) has no `e`, `w` or `W` command and
/// no `e` or `w` flag on an `s` command: addresses, `s` and `y` with any delimiter, blocks,
/// labels and branches, a/i/c text and `r` are read; an unknown command is not safe.
bool sed_script_is_safe(std::string_view script);

/// True when an awk program has, outside string and regular-expression literals, no call of
/// `system` or `extension`, no `|` (a pipe to or from a command; `||` is fine), no `@` (gawk's
/// @load and @include), and no `>` or `>>` redirecting a print or printf statement (a
/// comparison inside parentheses is fine). A `/` inside a bracket expression of a regular
/// expression literal, an unclosed string or regular expression, is not safe.
bool awk_program_is_safe(std::string_view program);

}  // namespace pair
