#include "core/tool_call_formats/token_sections.h"

#include <nlohmann/json.hpp>

#include "core/tool_call_formats/broken_calls.h"
#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

constexpr size_t npos = std::string_view::npos;

struct SectionTokens {
  std::string_view section_begin;
  std::string_view section_end;
  std::string_view call_begin;
  std::string_view separator;
  std::string_view call_end;
};

constexpr SectionTokens kDeepSeek{"<｜tool▁calls▁begin｜>", "<｜tool▁calls▁end｜>", "<｜tool▁call▁begin｜>",
                                  "<｜tool▁sep｜>", "<｜tool▁call▁end｜>"};
constexpr SectionTokens kKimi{"<|tool_calls_section_begin|>", "<|tool_calls_section_end|>", "<|tool_call_begin|>",
                              "<|tool_call_argument_begin|>", "<|tool_call_end|>"};

/// The call's name from what stands between the call's begin token and the
/// separator: DeepSeek writes NAME; Kimi `functions.NAME:INDEX`.
std::string name_in_header(std::string_view header, bool kimi) {
  header = trim(header);
  if (!kimi) return std::string(header);
  if (header.starts_with("functions.")) header.remove_prefix(std::string_view("functions.").size());
  if (size_t colon = header.rfind(':'); colon != npos) header = header.substr(0, colon);
  return std::string(header);
}

std::vector<CallSpan> read_sections(const Answer& answer, const SectionTokens& tokens, bool kimi) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t pos = 0;
  size_t sep = 0;
  while ((pos = text.find(tokens.call_begin, pos)) != npos) {
    size_t start = pos;
    pos += tokens.call_begin.size();
    if (size_t section = token_before(text, start, tokens.section_begin); section != npos) start = section;
    // A call right after another is part of the same section (DeepSeek R1's ```json fences would
    // otherwise look like a code block around it).
    bool follows_call = !out.empty() && skip_space(text, out.back().end) == start;
    if (!follows_call && answer.is_quoted(start)) continue;
    if (sep < pos) sep = text.find(tokens.separator, pos);  // kept while it lies ahead
    if (sep == npos) break;
    // A header that runs into the next call, or past a call's end, is no header.
    if (text.find(tokens.call_begin, pos) < sep || text.substr(pos, sep - pos).find(tokens.call_end) != npos) continue;
    std::string name = name_in_header(text.substr(pos, sep - pos), kimi);
    size_t args = sep + tokens.separator.size();
    if (!kimi && name == "function") {
      // DeepSeek R1: the name follows the separator on its own line, the arguments in a ```json fence.
      size_t line_end = text.find('\n', args);
      if (line_end == npos) continue;
      name = std::string(trim(text.substr(args, line_end - args)));
      args = past_token(text, line_end, "```json");
    }
    size_t args_end = 0;
    auto arguments = arguments_at(text, args, &args_end);
    auto call = arguments ? make_call(name, *arguments, offered) : std::nullopt;
    if (!call && answer.take_broken && !name.empty()) {
      // Inside the call's own tokens: taken as sent, up to the call's end, so the model hears what was wrong.
      args_end = std::min(text.find(tokens.call_end, args), text.size());
      call = broken_call(std::move(name), text, past_token(text, args, "```json"), args_end);
    }
    if (!call && !arguments && json_open_to_end(text, args)) break;
    if (!call) continue;
    size_t end = past_token(text, past_token(text, args_end, "```"), tokens.call_end);
    end = past_token(text, end, tokens.section_end);
    out.push_back({start, end, {std::move(*call)}});
    pos = end;
  }
  return out;
}

}  // namespace

std::vector<CallSpan> read_deepseek(const Answer& answer) {
  return read_sections(answer, kDeepSeek, false);
}

std::vector<CallSpan> read_kimi_k2(const Answer& answer) {
  return read_sections(answer, kKimi, true);
}

}  // namespace pair::tool_call_formats
