#include "tools/builtin_tools.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

TEST(BuiltinToolsTest, RegistersTheSixToolsInOrder) {
  ToolRegistry registry;
  add_builtin_tools(registry);
  EXPECT_EQ(registry.names(), "read_file, write_file, edit_file, bash, list_files, search_files");
  for (const auto& spec : registry.specs()) EXPECT_EQ(registry.find(spec.name)->spec().name, spec.name);
}

TEST(BuiltinToolsTest, SchemasAreCompactStrictObjects) {
  ToolRegistry registry;
  add_builtin_tools(registry);
  size_t total = 0;
  for (const auto& spec : registry.specs()) {
    SCOPED_TRACE(spec.name);
    json schema = json::parse(spec.parameters_schema);
    EXPECT_EQ(schema.dump().size(), spec.parameters_schema.size()) << "not compact";
    EXPECT_EQ(schema["type"], "object");
    EXPECT_EQ(schema["additionalProperties"], false);
    ASSERT_TRUE(schema["properties"].is_object());
    for (const auto& name : schema.value("required", json::array()))
      EXPECT_TRUE(schema["properties"].contains(name.get<std::string>())) << name;
    for (const auto& [name, property] : schema["properties"].items()) EXPECT_TRUE(property.contains("type")) << name;
    EXPECT_FALSE(spec.description.empty());
    total += json{{"name", spec.name}, {"description", spec.description}, {"parameters", schema}}.dump().size();
  }
  // About 800 tokens for all six: the whole first request must stay small.
  EXPECT_LT(total, 2600u);
}

}  // namespace
}  // namespace pair
