#pragma once
/// What the model is told about a tool.

#include <string>

namespace pair {

struct ToolSpec {
  std::string name;
  std::string description;
  std::string parameters_schema;  ///< a JSON Schema object, as compact JSON text
};

}  // namespace pair
