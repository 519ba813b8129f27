#pragma once
/// The characters of one shell word as the command-line reader collects them, and what
/// bash does with such a word: which characters quoting made literal, whether it is a
/// glob, a brace expansion, an assignment or a descriptor number, and how it is written
/// back for rules to match (SimpleCommand::text). Used by shell_commands.cc.

#include <string>
#include <string_view>
#include <vector>

namespace pair {

/// A character of a word, and whether quoting or a backslash made it literal.
struct WordChar {
  char c;
  bool quoted;
};
using Word = std::vector<WordChar>;

std::string value_of(const Word& w);

/// The word for SimpleCommand::text: as it is when no character needs quoting; else
/// single-quoted, except that unquoted glob characters and `~` stay unquoted.
std::string render(const Word& w);

/// An unquoted `*`, `?`, or `[` with a `]` after it.
bool has_glob(const Word& w);
/// The word starts with an unquoted glob character.
bool glob_at_start(const Word& w);
/// `{a,b}` or `{1..3}`, unquoted.
bool has_brace_expansion(const Word& w);

enum class AssignKind { kNone, kScalar, kArray };

/// `NAME=value` or `NAME+=value` with the name and `=` before any quoting (`quote_at`, an index
/// into `w`); `NAME[...]=` is an array element.
AssignKind assignment_kind(const Word& w, size_t quote_at);

/// A descriptor for `>&`: digits, `-`, or digits and `-` (moved).
bool is_descriptor(std::string_view v);

}  // namespace pair
