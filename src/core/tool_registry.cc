#include "core/tool_registry.h"

#include "util/strings.h"

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

std::vector<std::string> ToolRegistry::name_list() const {
  std::vector<std::string> out;
  out.reserve(specs_.size());
  for (const auto& s : specs_) out.push_back(s.name);
  return out;
}

std::string ToolRegistry::names() const {
  return join(name_list(), ", ");
}

}  // namespace pair
