#include "mcp/wire.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair::mcp {
namespace {

using nlohmann::json;
using Kind = ContentPart::Kind;

CallResult read(const char* text) {
  return read_call_result(json::parse(text));
}

TEST(McpWire, TextAndImagePassThrough) {
  auto r = read(R"({"content":[{"type":"text","text":"hello"},
                               {"type":"image","data":"iVBORw0K","mimeType":"image/png"}]})");
  EXPECT_FALSE(r.is_error);
  ASSERT_EQ(r.content.size(), 2u);
  EXPECT_EQ(r.content[0].kind, Kind::kText);
  EXPECT_EQ(r.content[0].text, "hello");
  EXPECT_EQ(r.content[1].kind, Kind::kImage);
  EXPECT_EQ(r.content[1].mime_type, "image/png");
  EXPECT_EQ(r.content[1].data, "iVBORw0K");
}

TEST(McpWire, IsErrorIsRead) {
  EXPECT_TRUE(read(R"({"content":[{"type":"text","text":"boom"}],"isError":true})").is_error);
  EXPECT_FALSE(read(R"({"content":[],"isError":"yes"})").is_error);
}

TEST(McpWire, OtherContentIsDescribedAsText) {
  auto r = read(R"({"content":[
      {"type":"audio","data":"AAAA","mimeType":"audio/wav"},
      {"type":"resource","resource":{"uri":"file:///a.txt","mimeType":"text/plain","text":"inside"}},
      {"type":"resource","resource":{"uri":"file:///b.bin","blob":"AAAAAAAA"}},
      {"type":"resource_link","uri":"file:///c","name":"c","description":"the c file"},
      {"type":"hologram","data":"x"},
      {"type":"image","mimeType":"image/png"},
      42]})");
  ASSERT_EQ(r.content.size(), 7u);
  for (const auto& p : r.content) EXPECT_EQ(p.kind, Kind::kOther) << p.text;
  EXPECT_EQ(r.content[0].text, "[audio: audio/wav, 3 bytes, not shown]");
  EXPECT_EQ(r.content[1].text, "[resource file:///a.txt (text/plain)]\ninside");
  EXPECT_EQ(r.content[2].text, "[resource file:///b.bin: binary data, unknown type, 6 bytes, not shown]");
  EXPECT_EQ(r.content[3].text, "[resource link: c file:///c: the c file]");
  EXPECT_EQ(r.content[4].text, "[content of type \"hologram\", which pair does not show]");
  EXPECT_EQ(r.content[5].text, "[an image without data or type, not shown]");
  EXPECT_EQ(r.content[6].text, "[a content item that is not an object, not shown]");
}

TEST(McpWire, StructuredContentStandsInForEmptyContent) {
  auto r = read(R"({"content":[],"structuredContent":{"temperature":21}})");
  ASSERT_EQ(r.content.size(), 1u);
  EXPECT_EQ(r.content[0].text, R"({"temperature":21})");
  // Beside content, it is a copy: content wins.
  auto both = read(R"({"content":[{"type":"text","text":"21 degrees"}],"structuredContent":{"temperature":21}})");
  ASSERT_EQ(both.content.size(), 1u);
  EXPECT_EQ(both.content[0].text, "21 degrees");
}

TEST(McpWire, ResultOfTheWrongShapeGivesNothing) {
  EXPECT_TRUE(read(R"({"content":"text"})").content.empty());
  EXPECT_TRUE(read(R"([1,2])").content.empty());
}

TEST(McpWire, ToolsPageSkipsDuplicates) {
  std::vector<ServerTool> tools;
  std::vector<std::string> warnings;
  read_tools_page(json::parse(R"({"tools":[{"name":"a","inputSchema":{"type":"object"}}]})"), "s", tools, warnings);
  read_tools_page(json::parse(R"({"tools":[{"name":"a","inputSchema":{}},{"name":"b","inputSchema":{}}]})"), "s", tools,
                  warnings);
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[0].input_schema, R"({"type":"object"})");
  EXPECT_EQ(tools[1].name, "b");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("listed twice"), std::string::npos);
}

}  // namespace
}  // namespace pair::mcp
