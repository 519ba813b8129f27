#include "core/tool_call_formats/harmony.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

const std::vector<ExpectedCall> kSpecial = {{"special_function", R"({"arg1": 1})"}};

TEST(HarmonyFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"recipient in the role header", " to=functions.special_function<|channel|>analysis<|message|>{\"arg1\": 1}",
       kSpecial, ""},
      {"recipient in the channel header", "<|channel|>analysis to=functions.special_function<|message|>{\"arg1\": 1}",
       kSpecial, ""},
      {"with a constraint",
       " to=functions.special_function<|channel|>analysis <|constrain|>json<|message|>{\"arg1\": 1}", kSpecial, ""},
      {"commentary channel, closed by <|call|>",
       "<|channel|>commentary to=functions.special_function<|message|>{\"arg1\": 1}<|call|>", kSpecial, ""},
      {"after a final message",
       "<|channel|>final<|message|>Checking.<|end|>"
       "<|start|>assistant<|channel|>commentary to=functions.edit <|constrain|>json"
       "<|message|>{\"oldString\": \"if (part < railCount - 1) {\", \"newString\": \"if (part < 4) {\", "
       "\"replaceAll\": false}",
       {{"edit",
         R"({"oldString": "if (part < railCount - 1) {", "newString": "if (part < 4) {", "replaceAll": false})"}},
       "Checking."},
      {"reasoning first",
       "<|channel|>analysis<|message|>I'm\nthinking<|end|>"
       "<|start|>assistant to=functions.special_function<|channel|>analysis<|message|>{\"arg1\": 1}",
       kSpecial, ""},
      {"a built-in recipient is not a tool",
       "<|start|>assistant to=container.exec<|channel|>commentary<|message|>python3 -c 'print(\"hello\")'",
       {},
       ""},
      {"unknown function", "<|channel|>commentary to=functions.browser<|message|>{\"url\": \"x\"}<|call|>", {}, ""},
      {"truncated", "<|channel|>commentary to=functions.special_function<|message|>{\"arg1\": ", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "gpt-oss harmony");
}

}  // namespace
}  // namespace pair::tool_call_formats
