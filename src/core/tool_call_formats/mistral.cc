#include "core/tool_call_formats/mistral.h"

#include <nlohmann/json.hpp>

#include "core/tool_call_formats/broken_calls.h"
#include "util/strings.h"

namespace pair::tool_call_formats {
namespace {

constexpr size_t npos = std::string_view::npos;

/// `NAME[CALL_ID]ID[ARGS]{..}` at text[pos]; `*end` is one past the arguments.
std::optional<ToolCall> named_call(std::string_view text, size_t pos, OfferedNames offered, size_t* end) {
  constexpr std::string_view kArgs = "[ARGS]";
  constexpr std::string_view kCallId = "[CALL_ID]";
  size_t name_end = text.find('[', pos);
  if (name_end == npos) return std::nullopt;
  std::string name(trim(text.substr(pos, name_end - pos)));
  size_t at = name_end;
  if (text.substr(at).starts_with(kCallId)) at = text.find('[', at + kCallId.size());
  if (at == npos || !text.substr(at).starts_with(kArgs)) return std::nullopt;
  auto args = arguments_at(text, at + kArgs.size(), end);
  return args ? make_call(std::move(name), *args, offered) : std::nullopt;
}

/// `NAME[ARGS]...` at text[pos] that named_call could not take (a name not
/// offered, arguments cut off or not an object), as the model sent it; nothing
/// without a one-word name and `[ARGS]`, so that prose after the marker stays.
std::optional<ToolCall> broken_named_call(std::string_view text, size_t pos, size_t* end) {
  constexpr std::string_view kArgs = "[ARGS]";
  size_t args = text.find(kArgs, pos);
  if (args == npos) return std::nullopt;
  std::string_view name = text.substr(pos, args - pos);
  if (name.size() > 128 || name.find_first_of(" \t\r\n") != npos) return std::nullopt;
  if (size_t id = name.find("[CALL_ID]"); id != npos) name = name.substr(0, id);
  if (name.empty()) return std::nullopt;
  size_t body = skip_space(text, args + kArgs.size());
  size_t value_end = body < text.size() && text[body] == '{' ? json_value_end(text, body) : npos;
  *end = value_end == npos ? text.size() : value_end;
  return broken_call(std::string(name), text, body, *end);
}

}  // namespace

std::vector<CallSpan> read_mistral(const Answer& answer) {
  std::string_view text = answer.text;
  OfferedNames offered = answer.offered;
  constexpr std::string_view kMarker = "[TOOL_CALLS]";
  std::vector<CallSpan> out;
  size_t pos = 0;
  for (size_t start; (start = find_unquoted(answer, kMarker, &pos)) != npos;) {
    size_t body = skip_space(text, pos);
    size_t end = 0;
    if (body < text.size() && text[body] == '[') {
      if (auto calls = calls_from_json_at(text, body, offered, &end)) {
        out.push_back({start, end, std::move(*calls)});
        pos = end;
      } else if (auto broken =
                     answer.take_broken ? broken_json_calls(text, body, text.size(), &end) : std::vector<ToolCall>{};
                 !broken.empty()) {
        out.push_back({start, end, std::move(broken)});
        pos = end;
      }
    } else if (auto call = named_call(text, body, offered, &end)) {
      out.push_back({start, end, {std::move(*call)}});
      pos = end;
    } else if (auto broken = answer.take_broken ? broken_named_call(text, body, &end) : std::nullopt) {
      out.push_back({start, end, {std::move(*broken)}});
      pos = end;
    }
  }
  return out;
}

}  // namespace pair::tool_call_formats
