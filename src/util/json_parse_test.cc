#include "util/json_parse.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>

namespace pair {
namespace {

using nlohmann::json;

std::string nested(size_t depth, std::string_view open, std::string_view close) {
  std::string s;
  s.reserve(depth * (open.size() + close.size()));
  for (size_t i = 0; i < depth; ++i) s += open;
  for (size_t i = 0; i < depth; ++i) s += close;
  return s;
}

TEST(JsonParse, NormalJsonParsesUnchanged) {
  auto j = parse_json(R"({"a": [1, 2.5, "x\"[{"], "b": {"c": null, "d": true}})", "test");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ(*j, json::parse(R"({"a": [1, 2.5, "x\"[{"], "b": {"c": null, "d": true}})"));
  EXPECT_EQ(parse_json("\"h\xC3\xA9llo\"", "test").value(), json("h\xC3\xA9llo"));
}

TEST(JsonParse, InvalidUtf8InStringsBecomesReplacementCharacters) {
  auto j = parse_json("{\"name\": \"bad\xFFname\", \"k\xC0\": 1}", "test");
  ASSERT_TRUE(j.has_value()) << j.error().message;
  EXPECT_EQ((*j)["name"], "bad\xEF\xBF\xBDname");
  EXPECT_TRUE(j->contains("k\xEF\xBF\xBD"));
}

TEST(JsonParse, DeepArrayIsAnErrorNotACrash) {
  auto j = parse_json(nested(100000, "[", "]"), "/p/.pair/settings.json", ErrorCode::kConfig);
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().code, ErrorCode::kConfig);
  EXPECT_EQ(j.error().message, "/p/.pair/settings.json: JSON nested deeper than 512 levels");
}

TEST(JsonParse, DeepObjectIsAnErrorNotACrash) {
  auto j = parse_json(nested(100000, "{\"a\":", "}"), "models.json");
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().code, ErrorCode::kParse);
  EXPECT_EQ(j.error().message, "models.json: JSON nested deeper than 512 levels");
  auto o = parse_ordered_json(nested(100000, "{\"a\":", "}"), "models.json");
  ASSERT_FALSE(o.has_value());
  EXPECT_EQ(o.error().message, "models.json: JSON nested deeper than 512 levels");
}

TEST(JsonParse, DepthLimitIsExact) {
  EXPECT_TRUE(parse_json(nested(kMaxJsonDepth, "[", "]"), "t").has_value());
  EXPECT_FALSE(parse_json(nested(kMaxJsonDepth + 1, "[", "]"), "t").has_value());
  // Brackets inside strings (escaped quotes included) do not count.
  std::string in_string = "[\"" + std::string(2000, '[') + "\\\"" + std::string(2000, '{') + "\"]";
  EXPECT_TRUE(parse_json(in_string, "t").has_value());
  auto f = parse_json_text(nested(10, "[", "]"), 3);
  ASSERT_FALSE(f.has_value());
  EXPECT_EQ(f.error().kind, JsonParseFailure::Kind::kTooDeep);
  EXPECT_EQ(f.error().byte, 3u);
}

TEST(JsonParse, SyntaxErrorNamesLineAndColumn) {
  auto j = parse_json("[\n  {\"a\": 1},\n  {\"b\" 2}\n]", "/p/models.json", ErrorCode::kConfig);
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().code, ErrorCode::kConfig);
  EXPECT_EQ(j.error().message.find("/p/models.json:3:8: not valid JSON: syntax error"), 0u) << j.error().message;
  auto cut = parse_json_text("{\"a\": [1, 2");
  ASSERT_FALSE(cut.has_value());
  EXPECT_EQ(cut.error().kind, JsonParseFailure::Kind::kSyntax);
  EXPECT_EQ(cut.error().byte, 11u);  // the end: it ends early
  EXPECT_FALSE(parse_json("", "t").has_value());
}

TEST(JsonParse, NumberOutOfRangeIsAnError) {
  auto j = parse_json(R"({"ctx": 1e999})", "/p/models.json");
  ASSERT_FALSE(j.has_value());
  EXPECT_EQ(j.error().message, "/p/models.json: not valid JSON: a number is out of range");
}

TEST(JsonParse, DumpReplacesInvalidUtf8) {
  json j = {{"name", "bad\xFFname"}, {"ok", "h\xC3\xA9"}};
  EXPECT_EQ(dump_json(j), "{\"name\":\"bad\xEF\xBF\xBDname\",\"ok\":\"h\xC3\xA9\"}");
  EXPECT_EQ(dump_json(j), dump_json(j));  // deterministic
  EXPECT_EQ(dump_json(json{{"a", 1}}, 2), "{\n  \"a\": 1\n}");
  nlohmann::ordered_json o = {{"z", "\xFE"}, {"a", 1}};
  EXPECT_EQ(dump_json(o), "{\"z\":\"\xEF\xBF\xBD\",\"a\":1}");
}

}  // namespace
}  // namespace pair
