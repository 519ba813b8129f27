#pragma once
/// The UI's settings (settings.json, under /ui), and the saved permission
/// rules (/permissions/allow in the project's .pair/settings.json).
///
/// The /ui keys, their types and defaults are part of the typed view of all
/// settings (config/settings_view.h, SettingsView::Ui), read once at start
/// and handed to the UI in TuiOptions. /settings changes the UI's copy and
/// saves the key through Settings::set, so the change shows at once.
///   /ui/tool_output          "limited" (2 lines, default) | "some" (10) | "all"
///   /ui/reasoning            "collapsed" (default) | "shown" | "hidden"
///   /ui/syntax_highlighting  true (default) | false
///   /ui/warm_up              true (default) | false

#include <cstddef>
#include <filesystem>
#include <string>

#include "config/settings_view.h"

namespace pair::tui {

using UiSettings = SettingsView::Ui;
/// The UI's short name (core's ToolOutput, a tool's result, is not seen here).
using ToolOutput = ToolOutputShown;

/// Lines of tool output shown (SIZE_MAX for all).
size_t tool_output_lines(ToolOutput v);

/// Keeps `rule` ("don't ask again") as the user's own rule for this project,
/// in the user's project records (config/project_trust.h), never in a file of
/// the repository: it applies whether or not the project is trusted.
Result<void> save_allow_rule(const std::filesystem::path& workspace, const std::string& rule);

}  // namespace pair::tui
