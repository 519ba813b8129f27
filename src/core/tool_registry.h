#pragma once
/// The tools offered to the model, in a fixed order (the `tools` array must be
/// byte-identical on every request for the prompt cache).

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/tool.h"

namespace pair {

class ToolRegistry {
 public:
  void add(std::unique_ptr<Tool> tool);
  /// Removes the tools whose name starts with `prefix` (a set of tools
  /// replaced as a whole, e.g. an MCP server's); the others keep their order.
  void remove_prefixed(std::string_view prefix);
  /// nullptr when unknown.
  Tool* find(std::string_view name) const;
  const std::vector<ToolSpec>& specs() const { return specs_; }
  /// The tools' names, in their order.
  std::vector<std::string> name_list() const;
  /// "read_file, write_file, ..." for error messages.
  std::string names() const;

 private:
  std::vector<std::unique_ptr<Tool>> tools_;
  std::vector<ToolSpec> specs_;
};

}  // namespace pair
