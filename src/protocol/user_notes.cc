#include "protocol/user_notes.h"

namespace pair {

namespace {
constexpr std::string_view kUndoHead = "[The user undid the file changes of the previous turn (";
constexpr std::string_view kUndoTail = " are back as they were before it); changes made by commands were not undone.]";
}  // namespace

std::string undo_note(const std::vector<std::string>& files) {
  std::string list;
  for (const auto& f : files) list += (list.empty() ? "" : ", ") + f;
  return std::string(kUndoHead) + list + std::string(kUndoTail);
}

std::string_view strip_undo_note(std::string_view text, std::string* files) {
  files->clear();
  if (!text.starts_with(kUndoHead)) return text;
  size_t tail = text.find(kUndoTail);
  if (tail == std::string_view::npos) return text;
  *files = std::string(text.substr(kUndoHead.size(), tail - kUndoHead.size()));
  text.remove_prefix(tail + kUndoTail.size());
  while (text.starts_with("\n")) text.remove_prefix(1);
  return text;
}

}  // namespace pair
