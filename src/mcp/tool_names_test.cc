#include "mcp/tool_names.h"

#include <gtest/gtest.h>

#include <set>

#include "mcp/tool_schema.h"

namespace pair::mcp {
namespace {

ServerTool tool(std::string name, std::string schema = R"({"type":"object"})", std::string description = "d") {
  return {std::move(name), std::move(description), std::move(schema)};
}

std::vector<std::string> names(const OfferedTools& o) {
  std::vector<std::string> out;
  for (const auto& t : o.tools) out.push_back(t.spec.name);
  return out;
}

TEST(McpToolNames, ClaudeCodesConventionSortedByName) {
  auto o = offer_server_tools("fs", {tool("write_file"), tool("read_file", R"({"type":"object"})", "  Reads.\n")});
  EXPECT_EQ(names(o), (std::vector<std::string>{"mcp__fs__read_file", "mcp__fs__write_file"}));
  EXPECT_EQ(o.tools[0].server, "fs");
  EXPECT_EQ(o.tools[0].server_tool, "read_file");
  EXPECT_EQ(o.tools[0].spec.description, "Reads.");
  EXPECT_EQ(tool_name_prefix("fs"), "mcp__fs__");
}

TEST(McpToolNames, OtherCharactersBecomeUnderscores) {
  auto o = offer_server_tools("my.srv", {tool("get.issue/v2")});
  ASSERT_EQ(o.tools.size(), 1u);
  EXPECT_EQ(o.tools[0].spec.name, "mcp__my_srv__get_issue_v2");
  EXPECT_EQ(o.tools[0].server_tool, "get.issue/v2");
}

TEST(McpToolNames, AtMost64Characters) {
  auto o = offer_server_tools("server", {tool(std::string(100, 'x'))});
  ASSERT_EQ(o.tools.size(), 1u);
  EXPECT_EQ(o.tools[0].spec.name.size(), kMaxToolName);
  EXPECT_TRUE(o.tools[0].spec.name.starts_with("mcp__server__xxx"));
}

TEST(McpToolNames, CollisionsResolvedTheSameWhateverTheOrder) {
  std::vector<ServerTool> a = {tool("a_b"),
                               tool("a.b"),
                               tool("a-b"),
                               tool("a/b"),
                               tool(std::string(70, 'y') + "1"),
                               tool(std::string(70, 'y') + "2")};
  std::vector<ServerTool> b(a.rbegin(), a.rend());
  auto first = offer_server_tools("s", a);
  auto second = offer_server_tools("s", b);
  EXPECT_EQ(names(first), names(second));
  auto first_names = names(first);
  std::set<std::string> unique(first_names.begin(), first_names.end());
  EXPECT_EQ(unique.size(), a.size()) << "every tool has a name of its own";
  for (const auto& t : first.tools) {
    EXPECT_LE(t.spec.name.size(), kMaxToolName);
    if (t.server_tool == "a_b") {
      EXPECT_EQ(t.spec.name, "mcp__s__a_b") << "the tool named as it is keeps its name";
    }
    if (t.server_tool == "a.b") {
      EXPECT_TRUE(t.spec.name.starts_with("mcp__s__a_b_")) << t.spec.name;
    }
  }
}

TEST(McpToolNames, ToolsWithoutObjectSchemaOrNameAreLeftOutAndNamed) {
  auto o = offer_server_tools("s", {tool("ok"), tool("bad", R"(["not", "an", "object"])"), tool("")});
  EXPECT_EQ(names(o), (std::vector<std::string>{"mcp__s__ok"}));
  ASSERT_EQ(o.problems.size(), 2u);
  EXPECT_NE(o.problems[0].find("without a name"), std::string::npos) << o.problems[0];
  EXPECT_NE(o.problems[1].find("tool \"bad\": the input schema is not an object"), std::string::npos) << o.problems[1];
}

TEST(McpToolSchema, DropsWhatTheModelDoesNotNeed) {
  auto trimmed = trim_input_schema(R"({
    "$schema": "http://json-schema.org/draft-07/schema#", "title": "Args", "type": "object",
    "additionalProperties": false, "examples": [{"path": "/"}], "x-vendor": 1,
    "properties": {
      "title": {"type": "string", "title": "Title", "description": "A property named title stays."},
      "mode": {"enum": ["a", "b"], "default": "a", "examples": ["b"]},
      "list": {"type": "array", "items": {"type": "integer", "title": "n", "minimum": 0}},
      "either": {"anyOf": [{"type": "string", "title": "s"}, {"$ref": "#/$defs/T"}]}
    },
    "$defs": {"T": {"type": "number", "title": "T"}},
    "required": ["title"]
  })");
  ASSERT_TRUE(trimmed.has_value()) << trimmed.error().message;
  EXPECT_EQ(*trimmed, R"({"$defs":{"T":{"type":"number"}},"additionalProperties":false,"properties":{)"
                      R"("either":{"anyOf":[{"type":"string"},{"$ref":"#/$defs/T"}]},)"
                      R"("list":{"items":{"minimum":0,"type":"integer"},"type":"array"},)"
                      R"("mode":{"default":"a","enum":["a","b"]},)"
                      R"("title":{"description":"A property named title stays.","type":"string"}},)"
                      R"("required":["title"],"type":"object"})");
}

TEST(McpToolSchema, SameSchemaInAnotherKeyOrderGivesTheSameBytes) {
  auto a = trim_input_schema(
      R"({"type":"object","properties":{"n":{"type":"number","maximum":1.5e3},"a":{"type":"string"}},"required":["n"]})");
  auto b = trim_input_schema(
      R"({"required":["n"],"properties":{"a":{"type":"string"},"n":{"maximum":1500.0,"type":"number"}},"type":"object"})");
  ASSERT_TRUE(a.has_value());
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(*a, *b);
  auto tools_a = offer_server_tools("s", {tool("x", R"({"type":"object","title":"X"})"), tool("y")});
  auto tools_b = offer_server_tools("s", {tool("y"), tool("x", R"({"title":"X","type":"object"})")});
  ASSERT_EQ(tools_a.tools.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(tools_a.tools[i].spec.name, tools_b.tools[i].spec.name);
    EXPECT_EQ(tools_a.tools[i].spec.parameters_schema, tools_b.tools[i].spec.parameters_schema);
  }
}

TEST(McpToolSchema, NotAnObjectOrNotJsonIsAnError) {
  EXPECT_FALSE(trim_input_schema("true").has_value());
  EXPECT_FALSE(trim_input_schema("{").has_value());
  EXPECT_EQ(trim_input_schema("{}").value(), "{}");
}

}  // namespace
}  // namespace pair::mcp
