#pragma once
/// What a simple command runs, seen through what wraps it, so that deny rules
/// see every command a line starts:
///   wrappers    env (options, NAME=value words), command, exec, builtin, nice, nohup, time,
///               timeout, stdbuf, sudo, doas, busybox, setsid, ionice: the command they start
///               (NAME=value words before it are skipped)
///   strings     bash/sh/dash/zsh/ksh/mksh/ash/fish -c STRING, eval, trap, watch, su -c:
///               the commands of the string, read with parse_shell_line
///   open-ended  xargs CMD and find … -exec/-execdir/-ok/-okdir CMD … ;: CMD with arguments
///               known only when it runs (xargs appends its input, find fills in `{}`)
///   a path      /bin/rm and ./rm run `rm` (matching looks at the last path component)
/// Not understood (fail closed): an option of a wrapper it does not know (its value could be
/// taken for the command), `env -S`, a shell with no command string and no script file (it
/// reads commands from its input) or reading a device, a string that parse_shell_line does not
/// understand, builtins that change how later commands are read or run (alias, declare,
/// typeset, local, readonly, let, read, mapfile, unset, hash, enable, shopt, compgen, complete,
/// fc, bind, printf -v, export of anything but NAME=value), `find -exec` without its `;`,
/// an unquoted glob among the words of a command that starts another (it may expand to any
/// number of words and so move the command), nesting deeper than 8.
/// Programs that run commands of their own choosing (make, ssh, interpreters' -c/-e, scripts)
/// are opaque: rules see the program, not what it runs.

#include <string>
#include <string_view>
#include <vector>

#include "core/shell_commands.h"

namespace pair {

struct CommandRun {
  std::vector<std::string> words;  ///< the command and its arguments, leading assignments dropped
  /// The arguments are only partly known (xargs, find -exec): then only the first `known_words`
  /// words are certain, and more may follow.
  bool open_ended = false;
  size_t known_words = 0;
};

struct CommandRuns {
  std::vector<CommandRun> runs;  ///< the command itself first (none for a bare assignment or redirection)
  std::string not_understood;    ///< empty when every run is known
};

CommandRuns commands_run_by(const SimpleCommand& command);

/// The last component of a command's path: "/usr/bin/rm" -> "rm".
std::string_view command_name(std::string_view word);

}  // namespace pair
