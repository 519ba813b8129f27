#pragma once
/// The slash commands: their names, what they take, what they do (for /help
/// and Tab completion). What each one runs is in app_commands.cc.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pair::tui {

enum class CommandId {
  kHelp,
  kModel,
  kSettings,
  kClear,
  kCompact,
  kUndo,
  kDiff,
  kResume,
  kStats,
  kPermissions,
  kMcp,
  kThink,
  kInit,
  kExit,
};

struct Command {
  CommandId id;
  std::string_view name;  ///< without the slash
  std::string_view args;  ///< "[name]", "" for none
  std::string_view help;
  bool while_working = false;  ///< may run while a turn is in progress
};

const std::vector<Command>& commands();
/// The command `name` (without the slash; "quit" is /exit), or nullptr.
const Command* find_command(std::string_view name);
/// Commands whose name starts with `prefix` (without the slash).
std::vector<const Command*> commands_with_prefix(std::string_view prefix);

/// A line the user typed, read as a command: "/model qwen" -> {"model", "qwen"}.
struct CommandLine {
  std::string name;
  std::string args;
};
/// Nullopt unless `text` starts with '/' followed by a letter (so "/etc/x is
/// odd" typed as a message still needs a command name that exists).
std::optional<CommandLine> parse_command_line(std::string_view text);

}  // namespace pair::tui
