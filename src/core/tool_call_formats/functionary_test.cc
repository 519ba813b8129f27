#include "core/tool_call_formats/functionary.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

TEST(FunctionaryFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"first recipient, its >>> in the prompt",
       "special_function\n{\"arg1\": 1}",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"text then a call",
       ">>>all\nLet me check.\n>>>get_time\n{\"city\": \"Paris\"}",
       {{"get_time", R"({"city": "Paris"})"}},
       "Let me check."},
      {"two calls",
       ">>>get_time\n{\"city\": \"Paris\"}>>>get_weather\n{\"city\": \"Paris\"}",
       {{"get_time", R"({"city": "Paris"})"}, {"get_weather", R"({"city": "Paris"})"}},
       ""},
      {"only text", ">>>all\nHello, world!", {}, ""},
      {"unknown recipient", ">>>search\n{\"q\": \"x\"}", {}, ""},
      {"truncated", ">>>get_time\n{\"city\": ", {}, ""},
      {"arguments not an object", ">>>get_time\n[\"Paris\"]", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Functionary v3.2");
}

}  // namespace
}  // namespace pair::tool_call_formats
