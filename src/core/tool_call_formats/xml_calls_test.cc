#include "core/tool_call_formats/xml_calls.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

// XML-like values arrive as text; the argument check turns "1" into 1 against the tool's schema.
const std::vector<ExpectedCall> kSpecial = {{"special_function", R"({"arg1": "1"})"}};
const std::vector<ExpectedCall> kSpecialAndOpt = {{"special_function", R"({"arg1": "1"})"},
                                                  {"special_function_with_opt", R"({"arg1": "1", "arg2": "2"})"}};

TEST(Qwen3CoderFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"wrapped",
       "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</function>\n</tool_call>",
       kSpecial, ""},
      {"opening wrapper left out",
       "<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</function>\n</tool_call>", kSpecial, ""},
      {"after text",
       "Let me call it.\n<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</function>\n"
       "</tool_call>",
       kSpecial, "Let me call it."},
      {"two calls",
       "<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n"
       "<function=special_function_with_opt>\n<parameter=arg1>\n1\n</parameter>\n<parameter=arg2>\n2\n</parameter>\n"
       "</function>\n</tool_call>",
       kSpecialAndOpt, ""},
      {"Functionary v3.1's JSON body",
       "<function=special_function>{\"arg1\": 1}</function>",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"unknown name", "<tool_call>\n<function=shutdown>\n</function>\n</tool_call>", {}, ""},
      {"truncated", "<tool_call>\n<function=special_function>\n<parameter=arg1>\n1", {}, ""},
      {"mentioned in prose", "Qwen3-Coder wraps calls as <function=NAME> inside <tool_call> tags.", {}, ""},
      {"shown in a code block",
       "```\n<tool_call>\n<function=special_function>\n<parameter=arg1>\n1\n</parameter>\n</function>\n</tool_call>\n"
       "```",
       {},
       ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Qwen3-Coder XML");
}

TEST(SeedOssFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"one call",
       "<seed:tool_call>\n<function=special_function>\n<parameter=arg1>1</parameter>\n</function>\n</seed:tool_call>",
       kSpecial, ""},
      {"two calls",
       "<seed:tool_call>\n<function=special_function>\n<parameter=arg1>1</parameter>\n</function>\n"
       "</seed:tool_call>\n<seed:tool_call>\n<function=special_function_with_opt>\n<parameter=arg1>1</parameter>\n"
       "<parameter=arg2>2</parameter>\n</function>\n</seed:tool_call>",
       kSpecialAndOpt, ""},
      {"quotes and newlines kept",
       "<seed:tool_call>\n<function=edit>\n<parameter=filename>foo.cpp</parameter>\n<parameter=oldString>def foo(arg = "
       "\"14\"):\n    return arg + \"bar\"\n</parameter>\n</function>\n</seed:tool_call>",
       {{"edit", R"({"filename": "foo.cpp", "oldString": "def foo(arg = \"14\"):\n    return arg + \"bar\""})"}},
       ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Seed-OSS");
}

TEST(MiniMaxFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"one parameter",
       "<minimax:tool_call>\n<invoke name=\"special_function\">\n<parameter "
       "name=\"arg1\">1</parameter>\n</invoke>\n</minimax:tool_call>",
       kSpecial, ""},
      {"no parameters, after text",
       "Let's call a tool:\n<minimax:tool_call>\n<invoke name=\"empty_args\">\n</invoke>\n</minimax:tool_call>",
       {{"empty_args", "{}"}},
       "Let's call a tool:"},
      {"two invokes in one block",
       "<minimax:tool_call>\n<invoke name=\"get_time\">\n<parameter name=\"city\">Paris</parameter>\n</invoke>\n"
       "<invoke name=\"get_weather\">\n<parameter name=\"city\">Paris</parameter>\n</invoke>\n</minimax:tool_call>",
       {{"get_time", R"({"city": "Paris"})"}, {"get_weather", R"({"city": "Paris"})"}},
       ""},
      {"unknown name", "<minimax:tool_call>\n<invoke name=\"nope\">\n</invoke>\n</minimax:tool_call>", {}, ""},
      {"truncated", "<minimax:tool_call>\n<invoke name=\"special_function\">\n<parameter name=\"arg1\">1", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "MiniMax-M2");
}

TEST(GlmFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"GLM-4.6", "<tool_call>special_function\n<arg_key>arg1</arg_key>\n<arg_value>1</arg_value>\n</tool_call>",
       kSpecial, ""},
      {"GLM-4.7-Flash", "<tool_call>special_function<arg_key>arg1</arg_key><arg_value>1</arg_value></tool_call>",
       kSpecial, ""},
      {"two calls",
       "<tool_call>special_function<arg_key>arg1</arg_key><arg_value>1</arg_value></tool_call>"
       "<tool_call>special_function_with_opt<arg_key>arg1</arg_key><arg_value>1</arg_value>"
       "<arg_key>arg2</arg_key><arg_value>2</arg_value></tool_call>",
       kSpecialAndOpt, ""},
      {"values holding tags",
       "<tool_call>edit\n<arg_key>oldString</arg_key>\n<arg_value>contains </think> and <tool_call> strings"
       "</arg_value>\n</tool_call>",
       {{"edit", R"({"oldString": "contains </think> and <tool_call> strings"})"}},
       ""},
      {"unknown name", "<tool_call>web_search<arg_key>q</arg_key><arg_value>x</arg_value></tool_call>", {}, ""},
      {"a key without a value", "<tool_call>special_function<arg_key>arg1</arg_key></tool_call>", {}, ""},
      {"truncated", "<tool_call>special_function<arg_key>arg1</arg_key><arg_value>1", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "GLM-4.5/4.6/4.7");
}

}  // namespace
}  // namespace pair::tool_call_formats
