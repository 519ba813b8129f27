#pragma once
/// Decides whether a tool call may run: allowed, to be asked about, or
/// refused. Modes (`--permission-mode`):
///   default      reads inside the workspace run; everything else asks
///   accept-edits as default, and file changes inside the workspace run too
///   bypass       everything runs
/// Network requests (web tools) ask in every mode but bypass, unless the
/// user allowed them (set_network_allowed). MCP servers' tools (kExternal)
/// ask in every mode but bypass unless a rule allows them. Writes to `.git/**`, `.pair/**`,
/// `.mcp.json` and pair's own config, state and data directories ask in every
/// mode but bypass, whatever the rules say.
/// A front-end that cannot ask (headless) refuses what would be asked.
/// Rules (settings.json's /permissions/{allow,ask,deny}, and "always"
/// answers) come first: see core/permission_rules.h.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/permission_rules.h"
#include "core/tool.h"

namespace pair {

enum class PermissionMode { kDefault, kAcceptEdits, kBypass };

std::string_view permission_mode_name(PermissionMode m);
std::optional<PermissionMode> parse_permission_mode(std::string_view name);

enum class PermissionVerdict { kAllow, kAsk, kDeny };

struct PermissionCheck {
  PermissionVerdict verdict = PermissionVerdict::kAsk;
  std::string reason;  ///< why it is not simply allowed
};

class PermissionPolicy {
 public:
  PermissionPolicy(PermissionMode mode, std::filesystem::path workspace);

  PermissionCheck check(std::string_view tool, const ToolEffect& effect) const;
  /// Session rule from an "always" answer: the tool for that path, or for
  /// every call when `path` is empty.
  void allow_always(std::string_view tool, const std::filesystem::path& path = {});
  /// A rule from settings. Deny rules hold in every mode, bypass included.
  void add_rule(PermissionRule rule) { rules_.add(std::move(rule)); }
  const PermissionRules& rules() const { return rules_; }
  /// Adds an allow rule written as in settings.json ("bash(git status)",
  /// "edit_file(src/a.cc)"), for this session. kConfig for a malformed one.
  /// `source` says where the rule is kept ("this session", or the file a
  /// front-end saved it in), as /permissions lists it.
  Result<void> allow_rule(std::string_view rule, std::string source = "this session");
  /// The rule an "always" answer to this call adds: exactly this command,
  /// this file, this domain, or else the whole tool.
  std::string rule_for(std::string_view tool, const ToolEffect& effect) const;

  PermissionMode mode() const { return mode_; }
  void set_mode(PermissionMode mode) { mode_ = mode; }
  /// Let network requests run without asking (settings `web.ask_first: false`).
  void set_network_allowed(bool allowed) { network_allowed_ = allowed; }
  const std::filesystem::path& workspace() const { return workspace_; }
  /// What read_file's ask and deny rules say about reading `path` (absolute,
  /// taken as written: the caller checks where a symlink leads too). Other
  /// tools that show file contents or names (search_files, list_files, files
  /// attached to a prompt) apply them as well. Deny holds in every mode; ask
  /// not in bypass mode; anything else is kAllow, with no reason.
  PermissionCheck check_read(const std::filesystem::path& path) const;
  /// The patterns of the rules check_read applies in the current mode (deny,
  /// and ask but in bypass mode), as written in settings.
  std::vector<std::string> read_rule_patterns() const;

 private:
  PermissionMode mode_;
  std::filesystem::path workspace_;
  PermissionRules rules_;
  bool network_allowed_ = false;
};

}  // namespace pair
