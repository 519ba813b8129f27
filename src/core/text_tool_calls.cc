#include "core/text_tool_calls.h"

#include <nlohmann/json.hpp>

#include <array>

#include "core/tool_call_formats/functionary.h"
#include "core/tool_call_formats/harmony.h"
#include "core/tool_call_formats/json_calls.h"
#include "core/tool_call_formats/mistral.h"
#include "core/tool_call_formats/pythonic.h"
#include "core/tool_call_formats/token_sections.h"
#include "core/tool_call_formats/xml_calls.h"
#include "util/json_parse.h"
#include "util/strings.h"

namespace pair {
namespace {

using namespace tool_call_formats;

struct Family {
  std::string_view name;
  FormatReader read;
};

// The order settles overlaps: a wrapper before the bare form it holds
// (`<seed:tool_call><function=` before `<function=`), and the formats with
// markers before the bare JSON object and the bare pythonic list.
constexpr auto kFamilies = std::to_array<Family>({
    {"Seed-OSS", read_seed_oss},
    {"MiniMax-M2", read_minimax},
    {"Qwen3-Coder XML", read_qwen3_coder},
    {"GLM-4.5/4.6/4.7", read_glm},
    {"Hermes 2 Pro / Qwen 2.5 JSON", read_hermes_json},
    {"Mistral", read_mistral},
    {"DeepSeek V3.1 / R1", read_deepseek},
    {"Kimi K2", read_kimi_k2},
    {"gpt-oss harmony", read_harmony},
    {"Command R7B", read_command_r7b},
    {"Nemotron", read_nemotron},
    {"Granite", read_granite},
    {"LFM2 pythonic", read_lfm2},
    {"Llama 3.x", read_llama_python_tag},
    {"Llama 3.x", read_llama_builtin},
    {"FireFunction", read_firefunction},
    {"Functionary v3.2", read_functionary},
    {"Llama 3.x", read_llama_bare_json},
    {"pythonic", read_pythonic_list},
});

}  // namespace

TextToolCalls extract_text_tool_calls(std::string_view text, std::span<const std::string> offered_names,
                                      BrokenCalls broken) {
  TextToolCalls out;
  const Answer answer(text, offered_names, broken == BrokenCalls::kTaken);
  for (const Family& family : kFamilies) {
    std::vector<CallSpan> spans = family.read(answer);
    if (spans.empty()) continue;
    std::string remaining;
    size_t pos = 0;
    for (auto& span : spans) {
      remaining.append(text.substr(pos, span.begin - pos));
      pos = span.end;
      for (auto& call : span.calls) {
        auto arguments = parse_json_text(call.arguments);
        if (!is_offered(offered_names, call.name) || !arguments || !arguments->is_object()) ++out.malformed;
        out.calls.push_back(std::move(call));
      }
    }
    remaining.append(text.substr(pos));
    out.remaining_text = std::string(trim(remaining));
    out.format = std::string(family.name);
    return out;
  }
  out.remaining_text = std::string(text);
  return out;
}

}  // namespace pair
