#include "core/tool_arguments.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type":"object",
  "properties":{
    "path":{"type":"string"},
    "offset":{"type":"integer"},
    "ratio":{"type":"number"},
    "replace_all":{"type":"boolean"},
    "files":{"type":"array","items":{"type":"string"}},
    "opts":{"type":"object","properties":{"depth":{"type":"integer"}}},
    "mode":{"type":"string","enum":["a","b"]}
  },
  "required":["path"],
  "additionalProperties":false})");

TEST(ToolArguments, ValidArgumentsPassUnchanged) {
  auto r = parse_tool_arguments("t", R"({"path":"a","offset":3})", kSchema);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_TRUE(r->repairs.empty());
  EXPECT_EQ((*r->value)["offset"], 3);
}

TEST(ToolArguments, InvalidJsonSaysSoAndShowsTheSchema) {
  auto r = parse_tool_arguments("read_file", R"({"path": "a", )", kSchema);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos);
  EXPECT_NE(r.error().message.find("truncated"), std::string::npos);
  EXPECT_NE(r.error().message.find("path: string"), std::string::npos);
}

TEST(ToolArguments, ANumberBeyondRangeIsAnErrorNotACrash) {
  auto r = parse_tool_arguments("read_file", R"({"path": "a", "offset": 5e5555})", kSchema);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("out of range"), std::string::npos) << r.error().message;
}

TEST(ToolArguments, MissingRequiredAndWrongTypeAndUnknownAreAllReported) {
  auto r = parse_tool_arguments("t", R"({"offset":"many","file_path":"x"})", kSchema);
  ASSERT_FALSE(r.has_value());
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("missing required \"path\""), std::string::npos) << m;
  EXPECT_NE(m.find("\"offset\" must be a integer, got string \"many\""), std::string::npos) << m;
  EXPECT_NE(m.find("unknown argument \"file_path\""), std::string::npos) << m;
}

TEST(ToolArguments, NumbersAndBooleansSentAsStringsAreRepaired) {
  auto r = parse_tool_arguments("t", R"({"path":"a","offset":"42","ratio":"0.5","replace_all":"true"})", kSchema);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ((*r->value)["offset"], 42);
  EXPECT_DOUBLE_EQ((*r->value)["ratio"].get<double>(), 0.5);
  EXPECT_EQ((*r->value)["replace_all"], true);
  EXPECT_EQ(r->repairs.size(), 3u);
  EXPECT_EQ(json::parse(r->normalized), *r->value);
}

TEST(ToolArguments, FloatThatIsWholeBecomesInteger) {
  auto r = parse_tool_arguments("t", R"({"path":"a","offset":5.0})", kSchema);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE((*r->value)["offset"].is_number_integer());
  auto bad = parse_tool_arguments("t", R"({"path":"a","offset":5.5})", kSchema);
  EXPECT_FALSE(bad.has_value());
}

TEST(ToolArguments, ArrayAndObjectSentAsJsonStringsAreRepaired) {
  auto r = parse_tool_arguments("t", R"({"path":"a","files":"[\"x\",\"y\"]","opts":"{\"depth\":\"2\"}"})", kSchema);
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ((*r->value)["files"], json::array({"x", "y"}));
  EXPECT_EQ((*r->value)["opts"]["depth"], 2);
}

TEST(ToolArguments, WholeObjectDoubleEncoded) {
  auto r = parse_tool_arguments("t", R"("{\"path\":\"a\"}")", kSchema);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r->value)["path"], "a");
  EXPECT_EQ(r->normalized, R"({"path":"a"})");
}

TEST(ToolArguments, AmbiguousStringsAreNotGuessed) {
  EXPECT_FALSE(parse_tool_arguments("t", R"({"path":"a","replace_all":"yes"})", kSchema).has_value());
  EXPECT_FALSE(parse_tool_arguments("t", R"({"path":"a","offset":"12abc"})", kSchema).has_value());
  EXPECT_FALSE(parse_tool_arguments("t", R"({"path":5})", kSchema).has_value());
}

TEST(ToolArguments, EnumAndArrayItems) {
  EXPECT_FALSE(parse_tool_arguments("t", R"({"path":"a","mode":"c"})", kSchema).has_value());
  EXPECT_TRUE(parse_tool_arguments("t", R"({"path":"a","mode":"b"})", kSchema).has_value());
  auto r = parse_tool_arguments("t", R"({"path":"a","files":["x",3]})", kSchema);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("\"files\"[1]"), std::string::npos);
}

TEST(ToolArguments, EmptyArgumentsAndNullOptionals) {
  json no_required = json::parse(R"({"type":"object","properties":{"path":{"type":"string"}}})");
  auto r = parse_tool_arguments("t", "", no_required);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->normalized, "{}");
  auto n = parse_tool_arguments("t", R"({"path":"a","offset":null})", kSchema);
  ASSERT_TRUE(n.has_value());
  EXPECT_FALSE(n->value->contains("offset"));
  EXPECT_FALSE(parse_tool_arguments("t", "", kSchema).has_value());  // path required
}

TEST(ToolArguments, NonObjectIsRejected) {
  auto r = parse_tool_arguments("t", "[1,2]", kSchema);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("expected a JSON object, got array"), std::string::npos);
}

}  // namespace
}  // namespace pair
