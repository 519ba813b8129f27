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

TEST(JsonAccessors, WrongTypesGiveTheFallbackNeverAnException) {
  json j = json::parse(R"({"s": 5, "i": "7", "b": "yes", "d": [1], "a": {"x": 1}, "o": [1, 2],
                           "big": 18446744073709551615, "huge": 1e300, "f": 2.9, "neg": -3})");
  EXPECT_EQ(json_string_or(j, "s", "dflt"), "dflt");
  EXPECT_EQ(json_int_or(j, "i", -1), -1);
  EXPECT_TRUE(json_bool_or(j, "b", true));
  EXPECT_EQ(json_double_or(j, "d", 0.5), 0.5);
  EXPECT_EQ(json_int_or(j, "big", -1), -1);  // beyond int64_t: not wrapped to a negative number
  EXPECT_EQ(json_int_or(j, "huge", -1), -1);
  EXPECT_EQ(json_int_or(j, "f"), 2);
  EXPECT_EQ(json_double_or(j, "neg"), -3.0);
  EXPECT_EQ(json_as_int32(j["big"], 9), 9);
  EXPECT_EQ(json_as_int32(json(int64_t{1} << 40), 9), 9);
  EXPECT_EQ(json_as_int32(j["neg"]), -3);
  // Members of what is not an object, and lists that are not lists, are simply absent.
  for (const json& v : {json(5), json("text"), json::array({1}), json()}) {
    EXPECT_TRUE(json_member(v, "a").is_null());
    EXPECT_TRUE(json_array_member(v, "o").empty());
    EXPECT_EQ(json_string_or(v, "s", "x"), "x");
  }
  EXPECT_TRUE(json_array_member(j, "a").is_array());
  EXPECT_TRUE(json_array_member(j, "a").empty());
  EXPECT_EQ(json_array_member(j, "o").size(), 2u);
  EXPECT_EQ(json_member(j, "a"), json({{"x", 1}}));
  EXPECT_EQ(json_as_string(json(1), "n"), "n");
  EXPECT_EQ(json_as_string(json("t")), "t");
  EXPECT_FALSE(json_as_bool(json(1), false));
  EXPECT_EQ(json_as_double(json("1.5"), 0.0), 0.0);
}

}  // namespace
}  // namespace pair
