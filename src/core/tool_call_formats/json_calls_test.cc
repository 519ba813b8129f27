#include "core/tool_call_formats/json_calls.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

const std::vector<ExpectedCall> kSpecial = {{"special_function", R"({"arg1": 1})"}};

TEST(HermesJsonFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"Hermes 2 Pro", "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}</tool_call>",
       kSpecial, ""},
      {"after text",
       "Hello, world!\nWhat's up?<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}"
       "</tool_call>",
       kSpecial, "Hello, world!\nWhat's up?"},
      {"Granite 4", "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n</tool_call>",
       kSpecial, ""},
      {"two calls",
       "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
       "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>",
       {{"get_time", R"({"city": "Paris"})"}, {"get_weather", R"({"city": "Paris"})"}},
       ""},
      {"unknown name", "<tool_call>{\"name\": \"format_disk\", \"arguments\": {}}</tool_call>", {}, ""},
      {"malformed JSON",
       "<tool_call>{\"name\": \"special_function\", \"arguments\": {\"arg1\": }}</tool_call>",
       {},
       ""},
      {"truncated", "<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1", {}, ""},
      {"mentioned in prose", "Qwen writes <tool_call> tags around a JSON object to call a tool.", {}, ""},
      {"shown in a code block",
       "Example:\n```xml\n<tool_call>\n{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}\n</tool_call>\n"
       "```\nThat is all.",
       {},
       ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Hermes 2 Pro / Qwen 2.5 JSON");
}

TEST(NemotronFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"Nemotron Nano v2", "<TOOLCALL>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]</TOOLCALL>",
       kSpecial, ""},
      {"after reasoning's end, with newlines",
       "\n<TOOLCALL>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]</TOOLCALL>\n", kSpecial, ""},
      {"one unknown name spoils the list",
       "<TOOLCALL>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}, {\"name\": \"x\"}]</TOOLCALL>",
       {},
       ""},
      {"truncated", "<TOOLCALL>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Nemotron");
}

TEST(GraniteFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"Granite 3", "<|tool_call|>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]", kSpecial, ""},
      {"malformed JSON", "<|tool_call|>[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}]", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Granite");
}

TEST(CommandR7bFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"Command R7B",
       "<|START_ACTION|>[\n"
       "    {\"tool_call_id\": \"0\", \"tool_name\": \"special_function\", \"parameters\": {\"arg1\": 1}}\n"
       "]<|END_ACTION|>",
       kSpecial, ""},
      {"two actions",
       "<|START_ACTION|>[\n"
       "    {\"tool_call_id\": \"0\", \"tool_name\": \"special_function\", \"parameters\": {\"arg1\": 1}},\n"
       "    {\"tool_call_id\": \"1\", \"tool_name\": \"get_time\", \"parameters\": {\"city\": \"Oslo\"}}\n"
       "]<|END_ACTION|>",
       {{"special_function", R"({"arg1": 1})"}, {"get_time", R"({"city": "Oslo"})"}},
       ""},
      {"unknown name", "<|START_ACTION|>[{\"tool_name\": \"web\", \"parameters\": {}}]<|END_ACTION|>", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Command R7B");
}

TEST(LlamaFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"bare object with parameters", "{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}", kSpecial, ""},
      {"bare object after a line of text",
       "Let me check.\n{\"name\": \"get_time\", \"parameters\": {\"city\": \"Paris\"}}",
       {{"get_time", R"({"city": "Paris"})"}},
       "Let me check."},
      {"python tag with JSON", "<|python_tag|>{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}",
       kSpecial, ""},
      {"python tag with a built-in style call",
       "<|python_tag|>get_time.call(city=\"Paris\")",
       {{"get_time", R"({"city": "Paris"})"}},
       ""},
      {"bare object naming an unknown function is prose",
       "{\"name\": \"lookup\", \"parameters\": {\"q\": \"x\"}}",
       {},
       ""},
      {"JSON data that is no call", "The config is:\n{\"name\": \"special_function\", \"version\": 2}", {}, ""},
      {"bare object in a code block",
       "```json\n{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}}\n```",
       {},
       ""},
      {"truncated", "{\"name\": \"special_function\", \"parameters\": {\"arg1\": 1}", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Llama 3.x");
}

TEST(FireFunctionFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"FireFunction v2", " functools[{\"name\": \"special_function\", \"arguments\": {\"arg1\": 1}}]", kSpecial, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "FireFunction");
}

}  // namespace
}  // namespace pair::tool_call_formats
