#include "core/tool_call_formats/pythonic.h"

#include "core/tool_call_formats/python_literal.h"
#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

TEST(Lfm2Format, Table) {
  const std::vector<RecoveryCase> cases = {
      {"a number",
       "<|tool_call_start|>[special_function(arg1=1)]<|tool_call_end|>",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"a string",
       "<|tool_call_start|>[get_time(city=\"XYZCITY\")]<|tool_call_end|>",
       {{"get_time", R"({"city": "XYZCITY"})"}},
       ""},
      {"True", "<|tool_call_start|>[toggle(enabled=True)]<|tool_call_end|>", {{"toggle", R"({"enabled": true})"}}, ""},
      {"None",
       "<|tool_call_start|>[set_nullable(value=None)]<|tool_call_end|>",
       {{"set_nullable", R"({"value": null})"}},
       ""},
      {"a dict with Python constants",
       "<|tool_call_start|>[set_config(config={\"enabled\": True, \"count\": 3})]<|tool_call_end|>",
       {{"set_config", R"({"config": {"enabled": true, "count": 3}})"}},
       ""},
      {"a dict with JSON constants",
       "<|tool_call_start|>[set_config(config={\"enabled\": true, \"note\": null})]<|tool_call_end|>",
       {{"set_config", R"({"config": {"enabled": true, "note": null}})"}},
       ""},
      {"a dotted name and a list",
       "<|tool_call_start|>[Calendar.create_event(title=\"demo\", participants=[\"Alice\", \"Bob\"])]"
       "<|tool_call_end|>",
       {{"Calendar.create_event", R"({"title": "demo", "participants": ["Alice", "Bob"]})"}},
       ""},
      {"escapes",
       "<|tool_call_start|>[python(code=\"def hello():\\n    print('hey')\")]<|tool_call_end|>",
       {{"python", R"j({"code": "def hello():\n    print('hey')"})j"}},
       ""},
      {"escaped quotes",
       "<|tool_call_start|>[python(code=\"print(\\\"hi\\\")\")]<|tool_call_end|>",
       {{"python", R"j({"code": "print(\"hi\")"})j"}},
       ""},
      {"after text",
       "Let me check the time.<|tool_call_start|>[get_time(city=\"Paris\")]<|tool_call_end|>",
       {{"get_time", R"({"city": "Paris"})"}},
       "Let me check the time."},
      {"two calls",
       "<|tool_call_start|>[special_function(arg1=1), special_function_with_opt(arg1=1, arg2=2)]<|tool_call_end|>",
       {{"special_function", R"({"arg1": 1})"}, {"special_function_with_opt", R"({"arg1": 1, "arg2": 2})"}},
       ""},
      {"no arguments", "<|tool_call_start|>[empty_args()]<|tool_call_end|>", {{"empty_args", "{}"}}, ""},
      {"JSON inside the markers",
       "<|tool_call_start|>[{\"name\": \"get_time\", \"arguments\": {\"city\": \"Rome\"}}]<|tool_call_end|>",
       {{"get_time", R"({"city": "Rome"})"}},
       ""},
      {"truncated", "<|tool_call_start|>[special_function(arg1=", {}, ""},
      {"unknown name", "<|tool_call_start|>[launch(target=\"moon\")]<|tool_call_end|>", {}, ""},
      {"a positional argument", "<|tool_call_start|>[get_time(\"Paris\")]<|tool_call_end|>", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "LFM2 pythonic");
}

TEST(PythonicListFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"bare list",
       "[get_time(city=\"Paris\"), get_weather(city='Paris')]",
       {{"get_time", R"({"city": "Paris"})"}, {"get_weather", R"({"city": "Paris"})"}},
       ""},
      {"on its own line after text",
       "I'll look.\n[special_function(arg1=1.5)]\nDone.",
       {{"special_function", R"({"arg1": 1.5})"}},
       "I'll look.\n\nDone."},
      {"unknown name is prose", "[print(x=1)]", {}, ""},
      {"a markdown link is prose", "[get_time](https://example.com)", {}, ""},
      {"in a code block", "```python\n[get_time(city=\"Paris\")]\n```", {}, ""},
      {"mid-line is prose", "Call it like [get_time(city=\"Paris\")] next time.", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "pythonic");
}

TEST(PythonLiteral, ValuesAndFailures) {
  size_t pos = 0;
  auto v = read_python_literal("  ('a', -2e3, {'k': [None]}) tail", &pos);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, nlohmann::json::parse(R"(["a", -2000.0, {"k": [null]}])"));
  EXPECT_EQ(pos, std::string_view("  ('a', -2e3, {'k': [None]})").size());
  for (std::string_view bad : {"'unclosed", "[1, 2", "{'k' 1}", "Nonesuch", "\"\\x4\"", ""}) {
    size_t at = 0;
    EXPECT_FALSE(read_python_literal(bad, &at)) << bad;
    EXPECT_EQ(at, 0u) << bad;
  }
  std::string deep(200, '[');
  size_t at = 0;
  EXPECT_FALSE(read_python_literal(deep + std::string(200, ']'), &at));
}

}  // namespace
}  // namespace pair::tool_call_formats
