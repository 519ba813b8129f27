#include "core/loop_guard.h"

#include <algorithm>
#include <functional>

#include "util/strings.h"

namespace pair {
namespace {

/// Longest cycle looked for: A, B, C, A, B, C. Longer ones are rare and
/// would take plain repeated work (edit, build, edit, build) for a loop.
constexpr size_t kLongestCycle = 3;

std::string key_of(const ToolCall& call) {
  std::string key = call.name;
  key += '\0';  // never in a tool name: "ab"+"c" and "a"+"bc" stay apart
  key += call.arguments;
  return key;
}

/// What repeated, as the subject of a sentence.
std::string what_repeated(const LoopCheck& check) {
  if (check.cycle.size() <= 1) return join(check.cycle, ", ") + " was called";
  return "the same " + std::to_string(check.cycle.size()) + " calls (" + join(check.cycle, ", ") + ") were made";
}

}  // namespace

LoopGuard::LoopGuard(LoopGuardSettings settings) : settings_(settings) {
  int most = std::max(settings_.warn_after, settings_.stop_after);
  capacity_ = most > 0 ? kLongestCycle * static_cast<size_t>(most) : 0;
}

LoopCheck LoopGuard::check(const ToolCall& call) const {
  LoopCheck best;
  best.cycle = {call.name};
  if (capacity_ == 0) return best;
  std::string key = key_of(call);
  size_t n = history_.size();
  for (size_t len = 1; len <= std::min(kLongestCycle, n); ++len) {
    if (history_[n - len].key != key) continue;
    // How far back the history repeats itself with this period.
    size_t periodic = len;
    while (periodic < n && history_[n - periodic - 1] == history_[n - periodic - 1 + len]) ++periodic;
    int repeat = static_cast<int>(periodic / len) + 1;
    if (repeat <= best.repeat) continue;  // a shorter cycle that counts as much names the loop better
    best.repeat = repeat;
    best.cycle.clear();
    for (size_t i = n - len + 1; i < n; ++i) best.cycle.push_back(history_[i].name);
    best.cycle.push_back(call.name);
  }
  // A first call repeats nothing, whatever a threshold of 1 says.
  bool repeated = best.repeat > 1;
  bool stop = repeated && settings_.stop_after > 0 && best.repeat >= settings_.stop_after;
  bool warn = repeated && settings_.warn_after > 0 && best.repeat >= settings_.warn_after;
  best.action = stop ? LoopAction::kStop : warn ? LoopAction::kWarn : LoopAction::kRun;
  return best;
}

void LoopGuard::ran(const ToolCall& call, std::string_view output, bool is_error) {
  if (capacity_ == 0) return;
  std::string result(output);
  result += is_error ? '1' : '0';
  push({key_of(call), call.name, std::hash<std::string>{}(result)});
}

void LoopGuard::answered(const LoopCheck& check) {
  if (capacity_ == 0) return;
  // The entry one cycle back is this call with the result it keeps getting
  // (check() warns only about a repeat, so that entry exists).
  size_t len = check.cycle.size();
  if (len <= history_.size()) push(history_[history_.size() - len]);
}

void LoopGuard::push(Entry e) {
  history_.push_back(std::move(e));
  while (history_.size() > capacity_) history_.pop_front();
}

std::string loop_warning(const ToolCall& call, const LoopCheck& check) {
  std::string again = check.cycle.size() <= 1 ? "calling it again" : "this " + call.name + " call";
  return "Not run: " + what_repeated(check) + " " + std::to_string(check.repeat - 1) +
         " times in a row with the same arguments and got the same result each time (see above), so " + again +
         " would only repeat that result. Take a different step: change the arguments, use another tool, or, if "
         "you are stuck, stop and tell the user what is in the way.";
}

std::string loop_warning_notice(const LoopCheck& check) {
  return "not run: " + join(check.cycle, ", ") + " repeated " + std::to_string(check.repeat) +
         " times with the same arguments and result; asked the model to take another step";
}

std::string loop_stopped_result(const LoopCheck& check) {
  return "Not run: " + loop_stop_text(check) + ", so pair stopped the turn. Wait for the user's next message.";
}

std::string loop_stop_text(const LoopCheck& check) {
  return what_repeated(check) + " " + std::to_string(check.repeat) +
         " times in a row with the same arguments and got the same result each time";
}

}  // namespace pair
