#pragma once
/// Splits a bash command line into the simple commands it would run, for
/// permission rules: `a && b`, `a; b`, pipes, `&`, newlines, subshells and
/// command substitutions (`$(...)`, backticks, `<(...)`) each become their
/// own entry, so an allowed prefix cannot carry anything else through.
/// Not a shell parser: what it cannot read with confidence (an unclosed
/// quote or substitution) yields no result, and callers then ask.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pair {

struct SimpleCommand {
  std::string text;              ///< words joined by single spaces; leading `if`/`then`/`do`/`!`... removed
  bool writes_redirect = false;  ///< output redirected to a file (other than /dev/null)
};

std::optional<std::vector<SimpleCommand>> split_shell_commands(std::string_view command);

/// The line without the blanks bash itself ignores around it (space, tab, newline). Other
/// whitespace (\v, \f, \r) is part of a word to bash, so it must stay part of the line.
std::string_view trim_shell_blanks(std::string_view line);

}  // namespace pair
