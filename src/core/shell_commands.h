#pragma once
/// Reads a bash command line into the simple commands it would run, for
/// permission rules. Not a shell parser: it models a small grammar exactly and
/// reports everything else as "not understood", so that a rule never judges a
/// line whose meaning it cannot see (callers then ask).
///
/// The modelled grammar:
///   line      simple commands separated by `;` `&` `&&` `||` `|` `|&` and newlines,
///             grouped by `( … )` subshells; `#` at the start of a word comments to the line's end
///   command   [keywords] [NAME=value …] words, with redirections anywhere among them
///   keywords  if then else elif fi do done while until ! { } time [-p] [--], dropped when
///             unquoted at a command's start before any redirection (so `if a; then b; fi` is
///             the commands `a` and `b`); after `|`, `time` is a command's name
///   word      plain characters; '…' single-quoted strings; "…" double-quoted strings holding no
///             `$` or backquote (\" \\ \$ \` and \newline escape inside them); \x backslash escapes;
///             \newline continues the line; globs `*` `?` `[…]` in a word that neither names the
///             command nor starts with a glob character or `-` (`src/*.cc`, not `*.py`, which may
///             expand to a file named `--output=x`); `~` as written
///   redirect  [N]< word; [N]<&M, [N]>&M, [N]>&M- (M a number), [N]<&-, [N]>&- (a word may follow
///             at once); [N]>, >>, >| to /dev/null; [N]>, >>, >| to a file (the command is then
///             flagged as writing); &> and &>> to /dev/null. N is an unquoted number.
/// Not understood, among others: any unquoted `$` (`$VAR`, `${…}`, `$[…]`, `$((…))`, `$(…)`,
/// `$'…'`, `$"…"`) and backquotes, inside double quotes too, because their values become words
/// no rule saw; here-documents and here-strings (`<<`, `<<-`, `<<<`); process substitution
/// `<(…)` `>(…)`; `<>`; `>&word` and `&>word` to anything but a number or /dev/null; `{fd}>`;
/// arithmetic `((…))`; `[[ … ]]`; `case` (`;;`, `;&`), `for`, `select`, `function`, `coproc`
/// and `f() {…}` definitions; brace expansion (`{a,b}`, `{1..3}`); array assignments
/// (`a[i]=v`); an assignment whose value holds `$` or a backquote (a later expansion, such as
/// PS4's, would run it); an unclosed quote or parenthesis; a missing redirection target; a NUL
/// byte (bash would stop reading there).
/// Commands inside `$(…)`, backquotes and `<(…)` are still listed (flagged `substituted`), so
/// that deny rules see them, but the line is then not understood: no allow rule admits it.

#include <string>
#include <string_view>
#include <vector>

namespace pair {

struct SimpleCommand {
  std::vector<std::string> words;  ///< after quote removal; leading keywords dropped, assignments kept
  /// For each word: it holds an unquoted glob, so bash may put file names (any number) in its place.
  std::vector<bool> globs;
  /// The words as one string for rule globs: a word stays as it is when it needs no quoting,
  /// else it is single-quoted (so `"git" diff` reads `git diff`, `'a b'` reads `'a b'`, and a
  /// glob that bash expands stays unquoted).
  std::string text;
  size_t assignments = 0;        ///< how many leading words are NAME=value assignments
  bool writes_redirect = false;  ///< output redirected to a file (other than /dev/null)
  bool substituted = false;      ///< found inside `$(…)`, backquotes or `<(…)`
};

struct ShellLine {
  std::vector<SimpleCommand> commands;
  /// Empty when every construct is in the grammar; otherwise the first construct met that is
  /// not, for messages ("`$` expansion"). `commands` is then a best effort, for deny rules.
  std::string not_understood;

  bool understood() const { return not_understood.empty(); }
};

ShellLine parse_shell_line(std::string_view line);

/// `word` as `text` shows a word none of whose characters were quoted-special: as it is when
/// that is safe to read back, else single-quoted.
std::string quote_shell_word(std::string_view word);

/// The line without the blanks bash itself ignores around it (space, tab, newline). Other
/// whitespace (\v, \f, \r) is part of a word to bash, so it must stay part of the line.
std::string_view trim_shell_blanks(std::string_view line);

}  // namespace pair
