// Bash command lines against the permission rules: splitting never crashes,
// and an allow rule never admits a line that splits into something it does
// not cover.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/permission_rules.h"
#include "core/shell_commands.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string line(reinterpret_cast<const char*>(data), size);
  auto commands = pair::split_shell_commands(line);
  static const pair::PermissionRules rules = [] {
    pair::PermissionRules r;
    r.add(*pair::parse_permission_rule("bash(git status)", pair::RuleAction::kAllow, "fuzz"));
    r.add(*pair::parse_permission_rule("bash(ls*)", pair::RuleAction::kAllow, "fuzz"));
    return r;
  }();
  pair::ToolEffect effect{pair::ToolAccess::kExecute, {"/ws"}, "bash", line};
  auto verdict = rules.check("bash", effect, "/ws");
  if (verdict && verdict->action == pair::RuleAction::kAllow) {
    if (!commands) __builtin_trap();  // unreadable lines are never allowed
    for (const auto& c : *commands)
      if (c.writes_redirect || (c.text != "git status" && c.text.rfind("ls", 0) != 0)) __builtin_trap();
  }
  return 0;
}
