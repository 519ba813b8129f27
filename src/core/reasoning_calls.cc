#include "core/reasoning_calls.h"

#include "core/text_tool_calls.h"
#include "util/strings.h"

namespace pair {

std::vector<std::string> calls_ending_reasoning(std::string_view reasoning, const ToolRegistry& tools) {
  std::string_view text = trim(reasoning);
  TextToolCalls found = extract_text_tool_calls(text, tools.name_list());
  if (found.calls.empty()) return {};
  // The text around the calls is kept in order; when nothing followed the
  // last call, that text is the reasoning up to it, so a prefix.
  if (!text.starts_with(found.remaining_text)) return {};
  std::vector<std::string> names;
  for (const auto& call : found.calls) names.push_back(call.name);  // offered tools only, as asked
  return names;
}

Message reasoning_call_nudge(const std::vector<std::string>& names) {
  std::string calls = names.size() == 1 ? "a call to " + names.front() : "calls to " + join(names, ", ");
  return Message::user("Your reasoning ends with " + calls +
                       ", but calls written inside the reasoning are not run, and your answer had no call. To run " +
                       (names.size() == 1 ? "it" : "them") +
                       ", make the call now as a tool call, after your reasoning; otherwise answer in text.");
}

std::string reasoning_call_notice(const std::vector<std::string>& names) {
  // Short enough for one row of a terminal: front-ends show notices on one line.
  return join(names, ", ") + " was called inside the reasoning, where calls are not run; asked the model to call " +
         "it outside";
}

}  // namespace pair
