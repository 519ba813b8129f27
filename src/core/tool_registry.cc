#include "core/tool_registry.h"

namespace pair {

void ToolRegistry::add(std::unique_ptr<Tool> tool) {
  specs_.push_back(tool->spec());
  tools_.push_back(std::move(tool));
}

void ToolRegistry::remove_prefixed(std::string_view prefix) {
  std::erase_if(tools_, [&](const std::unique_ptr<Tool>& t) { return t->spec().name.starts_with(prefix); });
  std::erase_if(specs_, [&](const ToolSpec& s) { return s.name.starts_with(prefix); });
}

Tool* ToolRegistry::find(std::string_view name) const {
  for (const auto& t : tools_)
    if (t->spec().name == name) return t.get();
  return nullptr;
}

std::string ToolRegistry::names() const {
  std::string out;
  for (const auto& s : specs_) {
    if (!out.empty()) out += ", ";
    out += s.name;
  }
  return out;
}

}  // namespace pair
