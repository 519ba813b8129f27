#pragma once
/// One bash command line as the permission rules judge it: its simple commands
/// (shell_commands.h), what each of them runs through wrappers, shells and evaluators
/// (command_wrappers.h), and whether any of those carries an option that runs a program
/// or writes a file (command_options.h).

#include <string>
#include <string_view>
#include <vector>

#include "core/command_wrappers.h"
#include "core/shell_commands.h"

namespace pair {

struct JudgedCommand {
  SimpleCommand command;
  std::vector<CommandRun> runs;  ///< the command itself first, then what it starts
  /// An option that runs a program or writes a file, in the command or anything it starts
  /// ("`git difftool`"); such a command does not ride a prefix (wildcard) rule.
  std::string exec_option;
};

struct CommandLine {
  std::vector<JudgedCommand> commands;
  /// Empty when the whole line, and every string it hands to a shell, is in the modelled
  /// grammar and every run is known; otherwise what is not ("`$` expansion").
  std::string not_understood;

  bool understood() const { return not_understood.empty(); }
};

CommandLine read_command_line(std::string_view line);

}  // namespace pair
