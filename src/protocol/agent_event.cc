#include "protocol/agent_event.h"

namespace pair {

std::string_view turn_outcome_name(TurnOutcome o) {
  switch (o) {
    case TurnOutcome::kCompleted: return "completed";
    case TurnOutcome::kMaxTurns: return "max_turns";
    case TurnOutcome::kCancelled: return "cancelled";
    case TurnOutcome::kError: return "error";
    case TurnOutcome::kLoopDetected: return "loop_detected";
  }
  return "error";
}

}  // namespace pair
