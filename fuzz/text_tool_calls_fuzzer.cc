// Tool calls recovered from an answer's text, in every family's format: no crash or sanitizer
// report; only offered tools are called, each with arguments that are valid JSON; the text kept is
// never longer than the answer, and an answer with no call is kept as it is.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/text_tool_calls.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> offered = {"special_function", "get_time", "edit", "empty_args", "python"};
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto found = pair::extract_text_tool_calls(input, offered);
  if (found.remaining_text.size() > input.size()) __builtin_trap();
  if (found.calls.empty() && (found.remaining_text != input || !found.format.empty())) __builtin_trap();
  if (!found.calls.empty() && found.format.empty()) __builtin_trap();
  for (const auto& c : found.calls) {
    if (std::ranges::find(offered, c.name) == offered.end()) __builtin_trap();
    if (!nlohmann::json::accept(c.arguments)) __builtin_trap();
  }
  return 0;
}
