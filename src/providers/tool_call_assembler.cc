#include "providers/tool_call_assembler.h"

#include <algorithm>

namespace pair {

bool ToolCallAssembler::add(const ToolCallDelta& d) {
  Slot* slot = nullptr;
  if (d.index) {
    for (auto& s : slots_)
      if (s.index == *d.index) slot = &s;
    // A server that reuses index 0 for every whole call (seen with Ollama) is
    // told apart by a fresh id.
    if (slot && !d.id.empty() && !slot->call.id.empty() && slot->call.id != d.id) slot = nullptr;
  } else if (!slots_.empty()) {
    Slot& last = slots_.back();
    // No index: a new id, or a new name after a finished one, starts a new call.
    bool new_id = !d.id.empty() && d.id != last.call.id;
    bool new_name = d.id.empty() && !d.name.empty() && !last.call.name.empty() && d.name != last.call.name;
    if (!new_id && !new_name) slot = &last;
  }
  bool began = false;
  if (!slot) {
    int max_index = -1;
    bool taken = false;
    for (const auto& s : slots_) {
      max_index = std::max(max_index, s.index);
      taken = taken || (d.index && s.index == *d.index);
    }
    // Keep indexes unique even when the server repeats one for a new call.
    int index = d.index && !taken ? *d.index : max_index + 1;
    slots_.push_back({index, {}});
    slot = &slots_.back();
    began = true;
  }
  last_ = static_cast<size_t>(slot - slots_.data());
  if (slot->call.id.empty()) slot->call.id = d.id;
  if (!d.name.empty() && d.name != slot->call.name) slot->call.name += d.name;
  slot->call.arguments += d.arguments;
  return began;
}

std::vector<ToolCall> ToolCallAssembler::calls() const {
  std::vector<const Slot*> order;
  for (const auto& s : slots_) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(), [](const Slot* a, const Slot* b) { return a->index < b->index; });
  std::vector<ToolCall> out;
  for (const Slot* s : order) out.push_back(s->call);
  return out;
}

const std::string& ToolCallAssembler::last_name() const {
  static const std::string kEmpty;
  return slots_.empty() ? kEmpty : slots_[last_].call.name;
}

}  // namespace pair
