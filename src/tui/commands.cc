#include "tui/commands.h"

#include <cctype>
#include <optional>

#include "util/strings.h"

namespace pair::tui {

const std::vector<Command>& commands() {
  static const std::vector<Command> kCommands = {
      {CommandId::kHelp, "help", "", "keys and commands", true},
      {CommandId::kModel, "model", "[name]", "switch the model (a picker over models.json, with reachability)"},
      {CommandId::kSettings, "settings", "", "tool output, reasoning, highlighting", true},
      {CommandId::kClear, "clear", "", "start a new conversation"},
      {CommandId::kCompact, "compact", "[focus]", "summarise older turns to free context"},
      {CommandId::kUndo, "undo", "", "revert the file changes of the last turn"},
      {CommandId::kDiff, "diff", "", "the file changes of this session"},
      {CommandId::kResume, "resume", "", "continue an earlier session of this project"},
      {CommandId::kStats, "stats", "", "tokens, prompt-cache reuse, speed", true},
      {CommandId::kPermissions, "permissions", "", "the permission mode, rules and sandbox in force"},
      {CommandId::kMcp, "mcp", "[reload]", "MCP servers: state, tools and what they cost; reload restarts them"},
      {CommandId::kThink, "think", "[off|on|N|effort|default]",
       "how much a reasoning model thinks, for this session (the prompt stays the same)"},
      {CommandId::kInit, "init", "", "write an AGENTS.md for this repository"},
      {CommandId::kExit, "exit", "", "leave pair (the session is saved)", true},
  };
  return kCommands;
}

const Command* find_command(std::string_view name) {
  if (name == "quit") name = "exit";
  for (const auto& c : commands())
    if (c.name == name) return &c;
  return nullptr;
}

std::vector<const Command*> commands_with_prefix(std::string_view prefix) {
  std::vector<const Command*> out;
  for (const auto& c : commands())
    if (c.name.starts_with(prefix)) out.push_back(&c);
  return out;
}

std::optional<CommandLine> parse_command_line(std::string_view text) {
  std::string_view t = trim(text);
  if (t.size() < 2 || t[0] != '/' || !std::isalpha(static_cast<unsigned char>(t[1]))) return std::nullopt;
  size_t end = t.find_first_of(" \t\n");
  CommandLine c;
  c.name = std::string(t.substr(1, end == std::string_view::npos ? std::string_view::npos : end - 1));
  if (end != std::string_view::npos) c.args = std::string(trim(t.substr(end)));
  return c;
}

}  // namespace pair::tui
