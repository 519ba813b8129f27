#pragma once
/// The UI's settings (settings.json, under /ui), and the saved permission
/// rules (/permissions/allow in the project's .pair/settings.json).
///   /ui/tool_output          "limited" (2 lines, default) | "some" (10) | "all"
///   /ui/reasoning            "collapsed" (default) | "shown" | "hidden"
///   /ui/syntax_highlighting  true (default) | false

#include <string>
#include <string_view>
#include <vector>

#include "config/settings.h"

namespace pair::tui {

enum class ToolOutput { kLimited, kSome, kAll };
enum class ReasoningView { kCollapsed, kShown, kHidden };

struct UiSettings {
  ToolOutput tool_output = ToolOutput::kLimited;
  ReasoningView reasoning = ReasoningView::kCollapsed;
  bool syntax_highlighting = true;
  /// Send the first request's prefix to a local server at start-up (/ui/warm_up).
  bool warm_up = true;

  /// Lines of tool output shown (SIZE_MAX for all).
  size_t tool_output_lines() const;
};

UiSettings read_ui_settings(const Settings& settings);
std::string_view tool_output_name(ToolOutput v);
std::string_view reasoning_name(ReasoningView v);

/// Keeps `rule` ("don't ask again") as the user's own rule for this project,
/// in the user's project records (config/project_trust.h), never in a file of
/// the repository: it applies whether or not the project is trusted.
Result<void> save_allow_rule(const std::filesystem::path& workspace, const std::string& rule);

}  // namespace pair::tui
