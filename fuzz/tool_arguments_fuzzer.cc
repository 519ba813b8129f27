// Tool-call arguments as a model might send them: validation and repair
// against a schema, and tool calls recovered from answer text.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "core/text_tool_calls.h"
#include "core/tool_arguments.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const nlohmann::json schema = nlohmann::json::parse(R"({
    "type":"object",
    "properties":{"path":{"type":"string"},"offset":{"type":"integer"},"ratio":{"type":"number"},
                  "all":{"type":"boolean"},"files":{"type":"array","items":{"type":"string"}},
                  "opts":{"type":"object","properties":{"depth":{"type":"integer"}}},
                  "mode":{"type":"string","enum":["a","b"]}},
    "required":["path"],"additionalProperties":false})");
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto parsed = pair::parse_tool_arguments("fuzz", input, schema);
  if (parsed) {
    // What goes back into the conversation must itself be valid arguments.
    auto again = pair::parse_tool_arguments("fuzz", parsed->normalized, schema);
    if (!again) __builtin_trap();
  }
  auto calls = pair::extract_text_tool_calls(input);
  for (const auto& c : calls.calls)
    if (!nlohmann::json::accept(c.arguments)) __builtin_trap();
  return 0;
}
