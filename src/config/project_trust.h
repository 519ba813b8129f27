#pragma once
/// Whether the user trusts a project's own configuration.
///
/// A repository brings files that configure pair (`.pair/settings.json`,
/// `.pair/models.json`, `.mcp.json`). Whoever wrote them, they may change how
/// pair looks, but what widens what pair runs or where data goes (allow
/// rules, sandbox and web settings, servers it starts, remote model URLs,
/// credentials) applies only once the user has trusted the project: `pair
/// trust`, or yes to the question an interactive start asks. The record keeps
/// a fingerprint of those files; when they change, the project is untrusted
/// again until the user says so anew.
///
/// The store (`<config dir>/projects.json`, 0600) also keeps the user's own
/// per-project rules ("yes, and don't ask again" answers): they are the
/// user's, so they apply whether or not the project is trusted.
///
/// Thread affinity: none (every call reads or writes the file anew).

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace pair {

/// The project files that configure pair, relative to the workspace, in a
/// fixed order.
const std::vector<std::string>& project_config_names();

/// SHA-256 over the names and contents of the project files that exist
/// (empty when none does). Unreadable files count by their error, so a file
/// that cannot be read never matches a recorded fingerprint.
std::string project_fingerprint(const std::filesystem::path& workspace);

enum class TrustState {
  kNoFiles,    ///< the project brings no configuration of pair
  kTrusted,    ///< trusted, and the files are as they were then
  kChanged,    ///< trusted once, but the files changed since
  kDeclined,   ///< the user said no to these very files
  kUntrusted,  ///< never decided
};

/// The state of one project, from the store and the files as they are now.
struct ProjectTrust {
  TrustState state = TrustState::kUntrusted;
  std::string fingerprint;  ///< of the files now
  std::string trusted_at;   ///< when it was trusted (kTrusted, kChanged)

  bool trusted() const { return state == TrustState::kTrusted || state == TrustState::kNoFiles; }
};

/// One project the store knows.
struct TrustRecord {
  std::string workspace;
  std::string fingerprint;  ///< trusted files' fingerprint; empty when not trusted
  std::string trusted_at;
  std::string declined;            ///< fingerprint the user said no to
  std::vector<std::string> allow;  ///< the user's own rules for this project
};

/// `<config dir>/projects.json`.
std::filesystem::path trust_store_path();

/// All records. A missing store is empty; an unreadable one is an error
/// naming the file.
Result<std::vector<TrustRecord>> load_trust_records();

/// The state of `workspace` (absolute). An unreadable store counts as
/// "untrusted" (failing closed) and is reported through `problem` when given.
ProjectTrust project_trust(const std::filesystem::path& workspace, std::string* problem = nullptr);

/// Records that the user trusts the project's files as they are now.
Result<ProjectTrust> trust_project(const std::filesystem::path& workspace);
/// Records that the user declined these files (not asked again until they change).
Result<void> decline_project(const std::filesystem::path& workspace);
/// Forgets the trust (and a decline); the user's own rules stay.
Result<bool> revoke_project(const std::filesystem::path& workspace);
/// After pair itself changed a project file on the user's request: a project
/// trusted before stays trusted with the new fingerprint.
Result<void> refresh_trust_after_own_write(const std::filesystem::path& workspace, const std::string& before);

/// The user's own rules for this project, and adding one (kept once).
std::vector<std::string> user_project_rules(const std::filesystem::path& workspace);
Result<void> add_user_project_rule(const std::filesystem::path& workspace, const std::string& rule);
/// Where those rules are kept, as /permissions names a rule's source:
/// "<config dir>/projects.json, for this project".
std::string user_project_rules_source();

}  // namespace pair
