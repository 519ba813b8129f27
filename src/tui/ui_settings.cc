#include "tui/ui_settings.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>

#include "config/project_trust.h"

namespace pair::tui {

size_t UiSettings::tool_output_lines() const {
  switch (tool_output) {
    case ToolOutput::kLimited: return 2;
    case ToolOutput::kSome: return 10;
    case ToolOutput::kAll: return SIZE_MAX;
  }
  return 2;
}

std::string_view tool_output_name(ToolOutput v) {
  switch (v) {
    case ToolOutput::kLimited: return "limited";
    case ToolOutput::kSome: return "some";
    case ToolOutput::kAll: return "all";
  }
  return "limited";
}

std::string_view reasoning_name(ReasoningView v) {
  switch (v) {
    case ReasoningView::kCollapsed: return "collapsed";
    case ReasoningView::kShown: return "shown";
    case ReasoningView::kHidden: return "hidden";
  }
  return "collapsed";
}

UiSettings read_ui_settings(const Settings& settings) {
  UiSettings s;
  std::string out = settings.get_string("/ui/tool_output", "limited");
  for (auto v : {ToolOutput::kLimited, ToolOutput::kSome, ToolOutput::kAll})
    if (tool_output_name(v) == out) s.tool_output = v;
  std::string r = settings.get_string("/ui/reasoning", "collapsed");
  for (auto v : {ReasoningView::kCollapsed, ReasoningView::kShown, ReasoningView::kHidden})
    if (reasoning_name(v) == r) s.reasoning = v;
  s.syntax_highlighting = settings.get_bool("/ui/syntax_highlighting", true);
  s.warm_up = settings.get_bool("/ui/warm_up", true);
  return s;
}

Result<void> save_allow_rule(const std::filesystem::path& workspace, const std::string& rule) {
  return add_user_project_rule(workspace, rule);
}

}  // namespace pair::tui
