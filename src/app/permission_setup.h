#pragma once
/// Permission rules and the command sandbox as settings.json configures them:
/// read once here for the engine, and described in words for /permissions
/// and `pair doctor`.

#include <functional>
#include <string>
#include <vector>

#include "config/settings.h"
#include "config/settings_view.h"
#include "core/permission_rules.h"
#include "core/tool.h"

namespace pair {

/// Every rule of `/permissions/{allow,ask,deny}`, user file first, then the
/// user's own rules for this project ("don't ask again" answers, kept in the
/// user's project records), then the project's file (its allow rules only
/// when the project is trusted: Settings withholds them otherwise). A rule
/// that does not parse is left out and reported through `problem` with its file.
std::vector<PermissionRule> load_permission_rules(const Settings& settings, const std::filesystem::path& workspace,
                                                  const std::function<void(const std::string&)>& problem);

/// The sandbox as settings.json's `/sandbox/*` asks. `enabled` is true only
/// when the setting allows it and bubblewrap can run here; `problem` hears why
/// not in the latter case.
SandboxSettings load_sandbox_settings(const SettingsView::Sandbox& settings,
                                      const std::function<void(const std::string&)>& problem);

/// One line on the sandbox: "bubblewrap: the workspace writable, no network",
/// "off (/sandbox/enabled is false): commands run unconfined", ...
std::string describe_sandbox(const SettingsView::Sandbox& settings);

/// The rules as lines "deny  bash(rm -rf /*)  (from ~/.config/pair/settings.json)",
/// deny first, then ask, then allow, as they are applied.
std::vector<std::string> describe_rules(const std::vector<PermissionRule>& rules);

}  // namespace pair
