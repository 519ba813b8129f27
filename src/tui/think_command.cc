#include "tui/think_command.h"

#include <charconv>

#include "config/models_config.h"
#include "util/strings.h"

namespace pair::tui {

Result<ReasoningOptions> think_choice(std::string_view args, const ReasoningOptions& current,
                                      const ReasoningOptions& configured) {
  std::string word = to_lower(std::string(trim(args)));
  ReasoningOptions next = current;
  if (word.empty()) {
    // A toggle: off when the model may think, else back to the model's setting (or no limit when
    // that setting is off too, so the toggle always changes something).
    if (current.budget != 0) {
      next.budget = 0;
    } else {
      next = configured;
      if (next.budget == 0) next.budget = -1;
    }
    return next;
  }
  if (word == "default") return configured;
  if (word == "off") {
    next.budget = 0;
    return next;
  }
  if (word == "on") {
    next.budget = -1;
    return next;
  }
  if (is_reasoning_effort(word)) {
    next.effort = word;
    return next;
  }
  int tokens = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), tokens);
  if (ec == std::errc() && end == word.data() + word.size() && tokens >= 0) {
    next.budget = tokens;
    return next;
  }
  return fail(ErrorCode::kInvalidArgument, "/think takes off, on, a number of tokens, an effort (" +
                                               reasoning_effort_words() + ") or default, not \"" +
                                               std::string(trim(args)) + "\"");
}

std::string describe_reasoning(const ReasoningOptions& reasoning) {
  std::string text = "Thinking: ";
  if (!reasoning.budget)
    text += "as the server decides";
  else if (*reasoning.budget == 0)
    text += "off";
  else if (*reasoning.budget < 0)
    text += "no limit";
  else
    text += "at most " + grouped_number(*reasoning.budget) + " tokens";
  if (!reasoning.effort.empty()) text += ", effort " + reasoning.effort;
  return text;
}

}  // namespace pair::tui
