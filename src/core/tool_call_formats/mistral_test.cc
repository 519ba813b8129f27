#include "core/tool_call_formats/mistral.h"

#include "core/tool_call_formats/recovery_cases.h"

namespace pair::tool_call_formats {
namespace {

TEST(MistralFormat, Table) {
  const std::vector<RecoveryCase> cases = {
      {"older form: a JSON list with ids",
       R"([TOOL_CALLS][{"name": "special_function", "arguments": {"arg1": 1}, "id": "123456789"}])",
       {{"special_function", R"({"arg1": 1})"}},
       ""},
      {"newer form", R"([TOOL_CALLS]special_function[ARGS]{"arg1":1})", {{"special_function", R"({"arg1": 1})"}}, ""},
      {"newer form after text",
       "Hello, world!\nWhat's up?[TOOL_CALLS]special_function[ARGS]{\"arg1\": 1}",
       {{"special_function", R"({"arg1": 1})"}},
       "Hello, world!\nWhat's up?"},
      {"two calls in order",
       R"([TOOL_CALLS]special_function[ARGS]{"arg1": 1}[TOOL_CALLS]special_function_with_opt[ARGS]{"arg1": 1, "arg2": 2})",
       {{"special_function", R"({"arg1": 1})"}, {"special_function_with_opt", R"({"arg1": 1, "arg2": 2})"}},
       ""},
      {"with a call id (Small 3.2)",
       "[TOOL_CALLS]special_function[CALL_ID]000000001[ARGS]{\"arg1\": 1}"
       "[TOOL_CALLS]special_function_with_opt[CALL_ID]000000002[ARGS]{\"arg1\": 1, \"arg2\": 2}",
       {{"special_function", R"({"arg1": 1})"}, {"special_function_with_opt", R"({"arg1": 1, "arg2": 2})"}},
       ""},
      {"unknown name", R"([TOOL_CALLS]rm_everything[ARGS]{"path": "/"})", {}, ""},
      {"unknown name in the list", R"([TOOL_CALLS][{"name": "nope", "arguments": {}}])", {}, ""},
      {"malformed JSON", R"([TOOL_CALLS]special_function[ARGS]{"arg1": 1,,})", {}, ""},
      {"truncated", R"([TOOL_CALLS]special_function[ARGS]{"arg1": )", {}, ""},
      {"arguments not an object", R"([TOOL_CALLS]special_function[ARGS][1])", {}, ""},
      {"mentioned in prose", "Mistral models start calls with `[TOOL_CALLS]special_function[ARGS]{}` tokens.", {}, ""},
      {"shown in a code block", "Like this:\n```\n[TOOL_CALLS]special_function[ARGS]{\"arg1\": 1}\n```\n", {}, ""},
  };
  for (const auto& c : cases) expect_recovery(c, "Mistral");
}

TEST(MistralFormat, SpansCoverTheMarkerAndTheArguments) {
  const std::vector<std::string> offered = {"get_time"};
  std::string text = "a [TOOL_CALLS]get_time[ARGS]{\"city\": \"Paris\"} b";
  auto spans = read_mistral(Answer(text, offered));
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(text.substr(spans[0].begin, spans[0].end - spans[0].begin),
            "[TOOL_CALLS]get_time[ARGS]{\"city\": \"Paris\"}");
}

}  // namespace
}  // namespace pair::tool_call_formats
