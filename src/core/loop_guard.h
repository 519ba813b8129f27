#pragma once
/// The loop guard: notices a model that keeps making the same tool calls and
/// keeps getting the same results, before it fills the context window with
/// copies of one output.
///
/// A loop is a cycle of 1 to 3 calls (the same call again, or A, B, A, B, or
/// A, B, C, A, B, C) whose tool, arguments (byte for byte) and result repeat.
/// A call's *repeat* is how many times in a row it has come round in such a
/// cycle, itself included: 3 for the third A of A, A, A or of A, B, A, B, A.
///
/// From `warn_after` on, the call is not run: its result says that it would
/// give the same output again and asks for a different step (running it
/// would add another copy of an output the model has already seen twice).
/// At `stop_after` the turn ends. One guard watches one turn.
///
/// Thread affinity: the agent's thread only.

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/message.h"

namespace pair {

/// When the guard steps in (settings /agent/loop_guard/...); 0 turns a step off.
struct LoopGuardSettings {
  int warn_after = 3;  ///< the repeat that is answered with a warning instead of being run
  int stop_after = 5;  ///< the repeat that ends the turn
};

enum class LoopAction {
  kRun,   ///< not a loop (yet): run the call
  kWarn,  ///< answer with loop_warning instead of running it
  kStop,  ///< answer with loop_stopped_result and end the turn (loop_stop_text says why)
};

/// The guard's verdict on one call.
struct LoopCheck {
  LoopAction action = LoopAction::kRun;
  int repeat = 1;                  ///< see the file comment; 1 when the call is not repeating
  std::vector<std::string> cycle;  ///< the tool names of the repeating cycle, in order, ending with this call's
};

class LoopGuard {
 public:
  explicit LoopGuard(LoopGuardSettings settings);

  /// Whether `call` (about to run) repeats a loop, and what to do with it.
  LoopCheck check(const ToolCall& call) const;
  /// Records a call that ran and what it returned.
  void ran(const ToolCall& call, std::string_view output, bool is_error);
  /// Records a call the guard answered (kWarn): it counts as the same result
  /// again, so the next round of the loop keeps counting.
  void answered(const LoopCheck& check);

 private:
  struct Entry {
    std::string key;    ///< tool name and arguments
    std::string name;   ///< tool name
    size_t result = 0;  ///< hash of the output and its error flag
    bool operator==(const Entry&) const = default;
  };
  void push(Entry e);

  LoopGuardSettings settings_;
  std::deque<Entry> history_;  ///< the latest calls of the turn, oldest first
  size_t capacity_ = 0;        ///< enough for the longest loop the thresholds can see
};

/// The result given to a call the guard did not run (kWarn): what repeated,
/// and what to do instead.
std::string loop_warning(const ToolCall& call, const LoopCheck& check);
/// The notice for the user when a call is answered with loop_warning: one
/// short line.
std::string loop_warning_notice(const LoopCheck& check);
/// The result given to the call that ended the turn (kStop).
std::string loop_stopped_result(const LoopCheck& check);
/// Why the turn ended, for the user: "read_file was called 5 times in a row
/// with the same arguments and got the same result each time".
std::string loop_stop_text(const LoopCheck& check);

}  // namespace pair
