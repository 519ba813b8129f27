#include "core/tool_call_formats/broken_calls.h"

#include <gtest/gtest.h>

#include "core/text_tool_calls.h"
#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

struct BrokenCase {
  std::string label;
  std::string text;
  std::vector<ToolCall> calls;  ///< name and arguments' exact text; none: left as text
  std::string remaining;
};

ToolCall call(std::string name, std::string arguments) {
  ToolCall c;
  c.name = std::move(name);
  c.arguments = std::move(arguments);
  return c;
}

void expect_taken(const BrokenCase& c) {
  SCOPED_TRACE(c.label);
  TextToolCalls r = extract_text_tool_calls(c.text, kOfferedInTests, BrokenCalls::kTaken);
  ASSERT_EQ(r.calls.size(), c.calls.size());
  for (size_t i = 0; i < c.calls.size(); ++i) {
    EXPECT_EQ(r.calls[i].name, c.calls[i].name) << "call " << i;
    EXPECT_EQ(r.calls[i].arguments, c.calls[i].arguments) << "call " << i;
  }
  EXPECT_EQ(r.remaining_text, c.calls.empty() ? c.text : c.remaining);
}

TEST(BrokenCalls, InsideMarkersTheyAreTakenAsSent) {
  const std::vector<BrokenCase> cases = {
      {"Hermes, truncated",
       "Reading.\n<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1",
       {call("special_function", "{\"arg1\": 1")},
       "Reading."},
      {"Hermes, unknown name",
       "<tool_call>{\"name\": \"format_disk\", \"arguments\": {}}</tool_call> ok",
       {call("format_disk", "{}")},
       "ok"},
      {"Hermes, arguments not an object",
       "<tool_call>{\"name\": \"special_function\", \"arguments\": [1, 2]}</tool_call>",
       {call("special_function", "[1,2]")},
       ""},
      {"Hermes, invalid JSON",
       "<tool_call>{\"name\": \"special_function\", \"arguments\": {\"arg1\": }}</tool_call>",
       {call("special_function", "{\"arg1\": }")},
       ""},
      {"Hermes, no name", "<tool_call>{\"arguments\": {\"arg1\": 1}}</tool_call>", {call("", "{\"arg1\":1}")}, ""},
      {"Nemotron, one unknown name in the list",
       "<TOOLCALL>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}, {\"name\": \"x\"}]</TOOLCALL>",
       {call("special_function", "{\"arg1\":1}"), call("x", "{}")},
       ""},
      {"Command R7B, unknown name",
       "<|START_ACTION|>[{\"tool_call_id\": \"0\", \"tool_name\": \"launch\", \"parameters\": {}}]<|END_ACTION|>",
       {call("launch", "{}")},
       ""},
      {"Granite, truncated",
       "<|tool_call|>[{\"name\": \"get_time\", \"arguments\": {\"city\": \"Par",
       {call("get_time", "{\"city\": \"Par")},
       ""},
      {"Mistral, unknown name",
       "[TOOL_CALLS]format_disk[ARGS]{\"all\": true}",
       {call("format_disk", "{\"all\":true}")},
       ""},
      {"Mistral, truncated",
       "[TOOL_CALLS]special_function[ARGS]{\"arg1\": ",
       {call("special_function", "{\"arg1\":")},
       ""},
      {"Qwen3-Coder, unknown name",
       "<tool_call>\n<function=read_files>\n<parameter=path>\na.txt\n</parameter>\n</function>\n</tool_call>",
       {call("read_files", "{\"path\":\"a.txt\"}")},
       ""},
      {"Seed-OSS, unknown name",
       "<seed:tool_call><function=launch></function></seed:tool_call>",
       {call("launch", "{}")},
       ""},
      {"GLM, unknown name",
       "<tool_call>launch\n<arg_key>target</arg_key>\n<arg_value>moon</arg_value>\n</tool_call>",
       {call("launch", "{\"target\":\"moon\"}")},
       ""},
      {"MiniMax-M2, unknown name",
       "<minimax:tool_call>\n<invoke name=\"launch\">\n<parameter name=\"target\">moon</parameter>\n</invoke>\n"
       "</minimax:tool_call>",
       {call("launch", "{\"target\":\"moon\"}")},
       ""},
      {"DeepSeek V3.1, unknown name",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>launch<｜tool▁sep｜>{\"to\": "
       "\"moon\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {call("launch", "{\"to\":\"moon\"}")},
       ""},
      {"DeepSeek V3.1, truncated",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{\"city\": \"Pa",
       {call("get_time", "{\"city\": \"Pa")},
       ""},
      {"Kimi K2, arguments not an object",
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.get_time:0<|tool_call_argument_begin|>[\"Paris\"]"
       "<|tool_call_end|><|tool_calls_section_end|>",
       {call("get_time", "[\"Paris\"]")},
       ""},
      {"LFM2, unknown name",
       "<|tool_call_start|>[launch(target=\"moon\")]<|tool_call_end|>",
       {call("launch", "{\"target\":\"moon\"}")},
       ""},
      {"LFM2 JSON, truncated",
       "<|tool_call_start|>[{\"name\": \"get_time\", \"arguments\": {\"city\": ",
       {call("get_time", "{\"city\":")},
       ""},
      {"Mistral, arguments a string",
       "[TOOL_CALLS][{\"name\": \"special_function\", \"arguments\": \"nope\"}]",
       {call("special_function", "\"nope\"")},
       ""},
  };
  for (const auto& c : cases) expect_taken(c);
}

TEST(BrokenCalls, ProseCodeAndWordMarkersStayText) {
  const std::vector<BrokenCase> cases = {
      {"a tag mentioned in prose", "Qwen writes <tool_call> tags around a JSON object to call a tool.", {}, ""},
      {"Mistral's marker mentioned", "Mistral starts calls with [TOOL_CALLS] and a name.", {}, ""},
      {"Mistral's marker before a sentence", "[TOOL_CALLS] then write name[ARGS] and the JSON", {}, ""},
      {"a broken call in a code block",
       "Like this:\n```\n<tool_call>{\"name\": \"format_disk\", \"arguments\": {}}</tool_call>\n```\n",
       {},
       ""},
      {"inline code", "Write `<tool_call>{\"name\": \"x\"` to start.", {}, ""},
      {"a bare <function=> with an unknown name", "<function=launch></function>", {}, ""},
      {"FireFunction's plain word", "functools[{\"name\": \"format_disk\", \"arguments\": {}}]", {}, ""},
  };
  for (const auto& c : cases) expect_taken(c);
}

TEST(BrokenCalls, AWellFormedCallBesideABrokenOneRunsAndTheBrokenOneIsReported) {
  TextToolCalls r = extract_text_tool_calls(
      "<tool_call>{\"name\": \"get_time\", \"arguments\": {\"city\": \"Paris\"}}</tool_call>\n"
      "<tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": ",
      kOfferedInTests, BrokenCalls::kTaken);
  ASSERT_EQ(r.calls.size(), 2u);
  EXPECT_EQ(r.calls[0].name, "get_time");
  EXPECT_EQ(r.calls[1].name, "get_weather");
  EXPECT_EQ(r.calls[1].arguments, "{\"city\":");
  EXPECT_EQ(r.malformed, 1u);
  EXPECT_EQ(r.format, "Hermes 2 Pro / Qwen 2.5 JSON");
}

TEST(BrokenCalls, LeftAsTextWhenOnlyAskedWhetherATextHoldsACall) {
  // As the check of a reasoning block asks: a cut-off call or an unknown name is no call there.
  for (std::string text : {"<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1",
                           "<tool_call>{\"name\": \"format_disk\", \"arguments\": {}}</tool_call>",
                           "[TOOL_CALLS]format_disk[ARGS]{\"all\": true}"}) {
    TextToolCalls r = extract_text_tool_calls(text, kOfferedInTests);
    EXPECT_TRUE(r.calls.empty()) << text;
    EXPECT_EQ(r.remaining_text, text);
  }
}

}  // namespace
}  // namespace pair::tool_call_formats
