#include "core/tool_call_formats/functionary.h"

#include <nlohmann/json.hpp>

#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

constexpr size_t npos = std::string_view::npos;
constexpr std::string_view kPrefix = ">>>";
constexpr std::string_view kAll = "all";

/// The recipient's message at text[pos] (past any `>>>`): a call, or, for `all`, a marker to drop.
std::optional<CallSpan> recipient_at(std::string_view text, size_t start, size_t pos, OfferedNames offered) {
  size_t line_end = text.find('\n', pos);
  if (line_end == npos) return std::nullopt;
  std::string name(trim(text.substr(pos, line_end - pos)));
  if (name == kAll) return CallSpan{start, line_end + 1, {}};
  size_t args_end = 0;
  auto arguments = arguments_at(text, line_end + 1, &args_end);
  auto call = arguments ? make_call(std::move(name), *arguments, offered) : std::nullopt;
  if (!call) return std::nullopt;
  return CallSpan{start, args_end, {std::move(*call)}};
}

}  // namespace

std::vector<CallSpan> read_functionary(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  std::vector<CallSpan> out;
  if (auto first = recipient_at(text, 0, 0, offered); first && !first->calls.empty()) out.push_back(std::move(*first));
  size_t pos = out.empty() ? 0 : out.back().end;
  bool any_call = !out.empty();
  for (size_t start; (start = find_unquoted(answer, kPrefix, &pos)) != npos;) {
    if (text.find('\n', pos) == npos) break;  // a recipient's line ends before its message
    auto span = recipient_at(text, start, pos, offered);
    if (!span && json_open_to_end(text, text.find('\n', pos) + 1)) break;
    if (!span) continue;
    any_call = any_call || !span->calls.empty();
    pos = span->end;
    out.push_back(std::move(*span));
  }
  if (!any_call) out.clear();
  return out;
}

}  // namespace pair::tool_call_formats
