// Tool-call arguments as a model might send them: validation and repair
// against a schema (calls recovered from answer text: text_tool_calls_fuzzer.cc).
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

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
  return 0;
}
