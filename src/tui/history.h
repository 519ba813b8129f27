#pragma once
/// Prompt history, per project, kept across sessions in
/// `<state dir>/history/<project>.jsonl` (one JSON object per entry:
/// {"text": ..., "pastes": [...]}, pastes marked by U+FFFC in the text).
/// Up/Down walk it; the text being written is kept while walking.
/// Thread affinity: the UI thread.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tui/input_editor.h"

namespace pair::tui {

class History {
 public:
  static constexpr size_t kMaxEntries = 1000;
  static constexpr size_t kMaxEntryBytes = 256 * 1024;

  /// Loads the file (a missing or unreadable one is an empty history).
  explicit History(std::filesystem::path file);
  /// `<state dir>/history/<slug of workspace>-<hash>.jsonl`.
  static std::filesystem::path file_for(const std::filesystem::path& state_dir, const std::string& workspace);

  /// Appends an entry (not a repeat of the last one) and saves it.
  void add(const EditorContent& entry);
  /// The entry before/after the one shown; `draft` is what the editor holds
  /// (kept when leaving the newest position). Nullopt at either end.
  std::optional<EditorContent> previous(const EditorContent& draft);
  std::optional<EditorContent> next();
  /// Back to the newest position (after sending).
  void reset() { index_ = entries_.size(); }
  size_t size() const { return entries_.size(); }

 private:
  void save_compacted() const;

  std::filesystem::path file_;
  std::vector<EditorContent> entries_;
  size_t index_ = 0;
  EditorContent draft_;
};

}  // namespace pair::tui
