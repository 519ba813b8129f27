#pragma once
/// Which files may be shown to the model: read_file's ask and deny rules
/// (settings.json `/permissions`) hold for every tool that shows file contents
/// or names (search_files, list_files) and for files attached to a prompt,
/// not only for read_file. The permission policy makes a ReadAccess
/// (Agent fills ToolContext::read_access from it); the tools know only this.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pair {

class PermissionPolicy;  // core/permissions.h

enum class ReadVerdict { kAllow, kAsk, kDeny };

struct ReadDecision {
  ReadVerdict verdict = ReadVerdict::kAllow;
  std::string reason;  ///< why not allowed: "denied by the rule read_file(secrets/**)"

  bool allowed() const { return verdict == ReadVerdict::kAllow; }
};

/// What the rules say about reading one absolute path, taken as written.
using ReadCheck = std::function<ReadDecision(const std::filesystem::path&)>;

struct ReadAccess {
  /// Empty: no rules, everything is readable (say, in a tool's unit test).
  ReadCheck check;
  /// The patterns of the rules behind `check` (path globs as in
  /// core/permission_rules.h), so that a search can skip those files up front.
  /// Only an optimisation: every result is checked again with `check`.
  std::vector<std::string> patterns;

  bool empty() const { return !check; }
};

/// Decides for the paths at or below `root` (absolute) that one call shows:
/// a path is covered when it, or a directory on its way below `root`, is (a
/// directory a rule matches is left out with everything in it, as ripgrep
/// prunes it), both as written and where it really leads (symlinks resolved
/// as far as the path exists, spelled under `workspace` when the target lies
/// there, so that relative rules match). The strictest answer wins: deny over
/// ask over allow. Inactive (everything allowed) for an empty check.
class ReadFilter {
 public:
  ReadFilter(ReadCheck check, const std::filesystem::path& root, std::filesystem::path workspace);

  bool active() const { return static_cast<bool>(check_); }
  ReadDecision decide(const std::filesystem::path& path) const;

 private:
  /// Where `path` really leads, spelled under the workspace when it lies there.
  std::filesystem::path resolved(const std::filesystem::path& path) const;
  /// Checks `path` and its directories below `root`; true once denied.
  bool consider(const std::filesystem::path& path, const std::filesystem::path& root, ReadDecision& best) const;

  ReadCheck check_;
  std::filesystem::path root_, real_root_, workspace_, real_workspace_;
};

/// The policy's read rules (PermissionPolicy::check_read and
/// read_rule_patterns) as a ReadAccess; empty when there are no such rules.
/// `policy` must outlive it.
ReadAccess read_access_of(const PermissionPolicy& policy);

}  // namespace pair
