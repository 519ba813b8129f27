#pragma once
/// What the editor shows (active file, cursor, selection, errors, selections
/// the user sent), as native types, and the short `<editor>` block that goes
/// with a user message.
///
/// Prompt-cache discipline: the block is appended to the user's message (after
/// their text), never put in the system prompt, and only when it differs from
/// the last block attached, so an unchanged editor adds nothing.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pair {

/// 1-based, as the editor shows them.
struct TextPosition {
  int line = 0;
  int character = 0;
  bool operator==(const TextPosition&) const = default;
};

struct EditorSelection {
  TextPosition start, end;
  std::string text;
  bool truncated = false;  ///< the editor cut a very large selection
};

struct LineRange {
  int start = 0, end = 0;  ///< 1-based, inclusive
};

struct ActiveFile {
  std::string path;  ///< absolute
  std::string language;
  TextPosition cursor;
  std::optional<EditorSelection> selection;
  std::vector<LineRange> visible;
  bool dirty = false;  ///< unsaved changes in the editor
};

/// Text the user sent with "pair: Send selection" for the next prompt.
struct QueuedSelection {
  std::string path;
  std::string language;
  int start_line = 0, end_line = 0;
  std::string text;
};

struct EditorDiagnostic {
  std::string severity;  ///< "error", "warning", "information", "hint"
  std::string message;
  std::string source;  ///< "gcc", "Pylance", ...
  TextPosition start;
};

struct EditorContext {
  std::optional<ActiveFile> active;
  std::vector<QueuedSelection> queued;
  std::vector<EditorDiagnostic> active_errors;  ///< errors in the active file
};

/// Limits of the block: a person's selection, not a whole file.
inline constexpr size_t kMaxSelectionLines = 400;
inline constexpr size_t kMaxSelectionBytes = 32 * 1024;
inline constexpr size_t kMaxErrors = 10;

/// The user's own text of a message that may end with an `<editor>` block
/// (for showing the conversation back to the user).
std::string strip_editor_block(const std::string& user_message);

/// Decides what to attach to each user message. Not thread-safe.
class EditorContextTracker {
 public:
  /// The block for the next user message: the editor's state when it differs
  /// from the state last attached, plus the queued selections (always, they
  /// are handed over once); empty when there is nothing new. Paths inside
  /// `workspace` are shown relative to it. `editor` names the editor.
  std::string next_block(const EditorContext& context, const std::filesystem::path& workspace,
                         const std::string& editor);

 private:
  std::string last_state_;
};

}  // namespace pair
