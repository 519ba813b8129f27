#include "core/tool_call_formats/pythonic.h"

#include "core/tool_call_formats/broken_calls.h"
#include "core/tool_call_formats/python_literal.h"

namespace pair::tool_call_formats {
namespace {

constexpr size_t npos = std::string_view::npos;

/// Whether a call list takes only names of offered tools, or any name (a
/// broken call inside LFM2's markers, answered with the offered ones).
enum class Names { kOffered, kAny };

/// `[call, call, ...]` at text[*pos], each naming an offered tool (or any tool).
std::optional<std::vector<ToolCall>> read_call_list(std::string_view text, size_t* pos, OfferedNames offered,
                                                    Names names = Names::kOffered) {
  size_t at = skip_space(text, *pos);
  if (at >= text.size() || text[at] != '[') return std::nullopt;
  ++at;
  std::vector<ToolCall> calls;
  for (;;) {
    auto call = read_python_call(text, &at);
    if (!call || (names == Names::kOffered && !is_offered(offered, call->name))) return std::nullopt;
    calls.push_back(std::move(*call));
    at = skip_space(text, at);
    if (at < text.size() && text[at] == ',') {
      ++at;
      continue;
    }
    if (at < text.size() && text[at] == ']') break;
    return std::nullopt;
  }
  *pos = at + 1;
  return calls;
}

}  // namespace

std::vector<CallSpan> read_lfm2(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  constexpr std::string_view kOpen = "<|tool_call_start|>";
  constexpr std::string_view kClose = "<|tool_call_end|>";
  std::vector<CallSpan> out;
  size_t pos = 0;
  for (size_t start; (start = find_unquoted(answer, kOpen, &pos)) != npos;) {
    size_t end = pos;
    auto calls = read_call_list(text, &end, offered);
    if (!calls) calls = calls_from_json_at(text, skip_space(text, pos), offered, &end);
    if (!calls && answer.take_broken) {
      end = pos;
      calls = read_call_list(text, &end, offered, Names::kAny);
      size_t close = std::min(text.find(kClose, pos), text.size());
      if (auto broken = calls ? std::vector<ToolCall>{} : broken_json_calls(text, pos, close, &end); !broken.empty())
        calls = std::move(broken);
    }
    if (!calls && json_open_to_end(text, pos)) break;
    if (!calls) continue;
    end = past_token(text, end, kClose);
    out.push_back({start, end, std::move(*calls)});
    pos = end;
  }
  return out;
}

std::vector<CallSpan> read_pythonic_list(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  size_t line = 0;
  for (size_t start; (start = next_line_start(answer, &line)) != npos;) {
    size_t end = start;
    auto calls = read_call_list(text, &end, offered);
    if (!calls) continue;
    out.push_back({start, end, std::move(*calls)});
    line = end;
  }
  return out;
}

std::vector<CallSpan> read_llama_builtin(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  constexpr std::string_view kTag = "<|python_tag|>";
  std::vector<CallSpan> out;
  size_t pos = 0;
  for (size_t start; (start = find_unquoted(answer, kTag, &pos)) != npos;) {
    size_t end = pos;
    auto call = read_python_call(text, &end);
    if (!call) continue;
    if (call->name.ends_with(".call")) call->name.resize(call->name.size() - std::string_view(".call").size());
    if (!is_offered(offered, call->name)) continue;
    out.push_back({start, end, {std::move(*call)}});
    pos = end;
  }
  return out;
}

}  // namespace pair::tool_call_formats
