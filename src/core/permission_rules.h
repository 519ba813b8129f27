#pragma once
/// Permission rules from settings (`/permissions/allow`, `/ask`, `/deny`,
/// user and project), and the "always" answers of a session. A rule is
/// `tool` (every call of it) or `tool(pattern)`:
///   file tools  a path glob: `src/**` (relative to the workspace), `~/.ssh/**`,
///               `**/.env` (anywhere); `*` stays within a directory, `**` spans them
///   bash        a command glob matched against each simple command of the
///               line: `git status`, `git diff*`, `rm -rf /*`
///   MCP tools   `mcp__SERVER__TOOL` (one tool) or `mcp__SERVER` (every tool of
///               the server); no pattern
/// Deny wins over ask, ask over allow.
/// Bash lines are read by read_command_line (core/command_line.h), which knows a
/// small grammar exactly (core/shell_commands.h) and calls everything else "not
/// understood":
///   allow  admits a line only when it is understood, every simple command in it
///          matches an allow rule, none writes a file by redirection, and none that
///          matches only through a wildcard carries an option that runs a program or
///          writes a file (core/command_options.h). A rule without wildcards also admits
///          exactly the whole line it names, understood or not (an "always" answer).
///   deny,  match the words after quote removal (`"curl"`, `c''url` are `curl`), the
///   ask    command under wrappers, shells' strings and evaluators (`env curl`, `sudo rm`,
///          `bash -c 'rm …'`, `xargs rm`; core/command_wrappers.h), and a command's path
///          by its last component (`/bin/rm` is `rm`). A line that is not understood, or
///          that starts a command whose arguments are known only when it runs (xargs,
///          find -exec) where a rule could match them, gets "ask" with `holds_in_bypass`
///          whenever bash has any deny or ask rule: otherwise such a construct would evade
///          the rule.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tool.h"
#include "util/error.h"

namespace pair {

enum class RuleAction { kAllow, kAsk, kDeny };

std::string_view rule_action_name(RuleAction a);

struct PermissionRule {
  RuleAction action = RuleAction::kAsk;
  std::string tool;
  std::optional<std::string> pattern;
  std::string source;  ///< where it came from ("~/.config/pair/settings.json", "this session")

  std::string text() const;  ///< "bash(git status)"
};

/// Parses "tool" or "tool(pattern)". Errors say what is wrong with the text.
Result<PermissionRule> parse_permission_rule(std::string_view text, RuleAction action, std::string source);

/// A path glob against an absolute path. Relative patterns are taken from
/// `workspace`, `~/` from the home directory, `**/x` matches anywhere.
bool path_glob_matches(std::string_view pattern, const std::filesystem::path& path,
                       const std::filesystem::path& workspace);

struct RuleVerdict {
  RuleAction action;
  std::string rule;  ///< the rule that decided, as text
  /// An ask that bypass mode must not turn into "allow": the rules cannot see what the
  /// command line runs, and a deny (or ask) rule could have matched it.
  bool holds_in_bypass = false;
  std::string reason = {};  ///< with holds_in_bypass: what the rules cannot see ("`$` expansion")
};

class PermissionRules {
 public:
  void add(PermissionRule rule) { rules_.push_back(std::move(rule)); }
  bool empty() const { return rules_.empty(); }
  const std::vector<PermissionRule>& rules() const { return rules_; }

  /// What the rules say about this call; nullopt when none applies.
  std::optional<RuleVerdict> check(std::string_view tool, const ToolEffect& effect,
                                   const std::filesystem::path& workspace) const;

 private:
  bool matches_any(const PermissionRule& rule, const ToolEffect& effect, const std::filesystem::path& workspace) const;
  bool admits_all(std::string_view tool, const ToolEffect& effect, const std::filesystem::path& workspace) const;
  std::optional<RuleVerdict> check_command(std::string_view tool, const ToolEffect& effect) const;

  std::vector<PermissionRule> rules_;
};

}  // namespace pair
