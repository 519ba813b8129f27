#include "tui/ui_settings.h"

#include <cstdint>

#include "config/project_trust.h"

namespace pair::tui {

size_t tool_output_lines(ToolOutput v) {
  switch (v) {
    case ToolOutput::kLimited: return 2;
    case ToolOutput::kSome: return 10;
    case ToolOutput::kAll: return SIZE_MAX;
  }
  return 2;
}

Result<void> save_allow_rule(const std::filesystem::path& workspace, const std::string& rule) {
  return add_user_project_rule(workspace, rule);
}

}  // namespace pair::tui
