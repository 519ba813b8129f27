#pragma once
/// Rebuilds whole tool calls from streamed fragments, whatever the server's
/// habit: OpenAI (index on every delta, id and name only in the first,
/// arguments in many pieces), several calls interleaved, or Ollama (each call
/// whole in one delta, sometimes without an index).

#include <optional>
#include <string>
#include <vector>

#include "protocol/message.h"

namespace pair {

struct ToolCallDelta {
  std::optional<int> index;
  std::string id;
  std::string name;
  std::string arguments;
};

class ToolCallAssembler {
 public:
  /// Adds one fragment. Returns true when it began a new call (its name, if
  /// already known, is in calls().back() or the call at that index).
  bool add(const ToolCallDelta& delta);
  /// The calls so far, ordered by index (then arrival).
  std::vector<ToolCall> calls() const;
  bool empty() const { return slots_.empty(); }
  /// Name of the call that `add` just began or continued.
  const std::string& last_name() const;

 private:
  struct Slot {
    int index;
    ToolCall call;
  };
  std::vector<Slot> slots_;
  size_t last_ = 0;
};

}  // namespace pair
