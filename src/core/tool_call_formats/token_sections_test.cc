#include "core/tool_call_formats/token_sections.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

TEST(DeepSeekFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"V3.1",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{\"city\": "
       "\"XYZCITY\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {{"get_time", R"({"city": "XYZCITY"})"}},
       ""},
      {"V3.1, two calls after content",
       "CONTENT<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{\"city\": "
       "\"Paris\"}<｜tool▁call▁end｜><｜tool▁call▁begin｜>get_weather<｜tool▁sep｜>{\"city\": "
       "\"Paris\"}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {{"get_time", R"({"city": "Paris"})"}, {"get_weather", R"({"city": "Paris"})"}},
       "CONTENT"},
      {"R1",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>special_function\n"
       "```json\n{\"arg1\": 1}```<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"R1, two calls",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>function<｜tool▁sep｜>get_time\n```json\n{\"city\": \"Oslo\"}\n```"
       "<｜tool▁call▁end｜>\n<｜tool▁call▁begin｜>function<｜tool▁sep｜>get_weather\n```json\n{\"city\": \"Oslo\"}\n```"
       "<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {{"get_time", R"({"city": "Oslo"})"}, {"get_weather", R"({"city": "Oslo"})"}},
       ""},
      {"unknown name",
       "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>search<｜tool▁sep｜>{}<｜tool▁call▁end｜><｜tool▁calls▁end｜>",
       {},
       ""},
      {"truncated", "<｜tool▁calls▁begin｜><｜tool▁call▁begin｜>get_time<｜tool▁sep｜>{\"city\": ", {}, ""},
      {"arguments not an object", "<｜tool▁call▁begin｜>get_time<｜tool▁sep｜>[\"Paris\"]<｜tool▁call▁end｜>", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "DeepSeek V3.1 / R1");
}

TEST(KimiK2Format, Table) {
  const std::vector<RecoveryCase> cases = {
      {"one call",
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.special_function:0<|tool_call_argument_begin|>"
       "{\"arg1\": 1}<|tool_call_end|><|tool_calls_section_end|>",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"after content",
       "Hello, world!\nWhat's up?"
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.special_function:0<|tool_call_argument_begin|>"
       "{\"arg1\": 1}<|tool_call_end|><|tool_calls_section_end|>",
       {{"special_function", R"({"arg1": 1})"}},
       "Hello, world!\nWhat's up?"},
      {"three calls",
       "<|tool_calls_section_begin|>"
       "<|tool_call_begin|>functions.special_function:0<|tool_call_argument_begin|>{\"arg1\": 1}<|tool_call_end|>"
       "<|tool_call_begin|>functions.python:1<|tool_call_argument_begin|>{\"code\": \"print(1)\"}<|tool_call_end|>"
       "<|tool_call_begin|>functions.html:2<|tool_call_argument_begin|>{\"markup\": \"<p>test</p>\"}"
       "<|tool_call_end|><|tool_calls_section_end|>",
       {{"special_function", R"({"arg1": 1})"},
        {"python", R"j({"code": "print(1)"})j"},
        {"html", R"({"markup": "<p>test</p>"})"}},
       ""},
      {"empty arguments",
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.empty_args:0<|tool_call_argument_begin|>"
       "{}<|tool_call_end|><|tool_calls_section_end|>",
       {{"empty_args", "{}"}},
       ""},
      {"truncated",
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.special_function:0<|tool_call_argument_begin|>"
       "{\"arg1\": ",
       {},
       ""},
      {"unknown name",
       "<|tool_calls_section_begin|><|tool_call_begin|>functions.browse:0<|tool_call_argument_begin|>{}"
       "<|tool_call_end|><|tool_calls_section_end|>",
       {},
       ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Kimi K2");
}

}  // namespace
}  // namespace pair::tool_call_formats
