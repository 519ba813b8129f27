#pragma once
/// What the model is told about a tool.

#include <string>

namespace pair {

struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters_schema;  ///< a JSON Schema object, as compact JSON text

  /// The same bytes in a request: whether the prompt's tools changed.
  bool operator==(const ToolSpec&) const = default;
};

}  // namespace pair
