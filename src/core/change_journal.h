#pragma once
/// The change journal: what files looked like before the agent changed them,
/// so a front-end can undo the file changes of a turn (/undo) and show the
/// changes of a session (/diff). Tools report to it through the small
/// `ChangeRecorder` interface (ToolContext::changes) just before they write.
/// Commands (bash) are only noted: their effects on files are unknown and
/// cannot be undone.
///
/// Thread affinity: the engine's thread (tools run there).

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

/// What tools report to. Implementations must not fail the tool.
class ChangeRecorder {
 public:
  virtual ~ChangeRecorder() = default;
  /// `path` (absolute, where the bytes go) is about to be written or created.
  virtual void before_write(const std::filesystem::path& path) = 0;
  /// A command is about to run; whatever it changes is not recorded.
  virtual void before_command(std::string_view command) = 0;
};

/// What /undo did.
struct UndoReport {
  std::vector<std::string> restored;  ///< files put back as they were
  std::vector<std::string> deleted;   ///< files the turn created, removed again
  std::vector<std::string> failed;    ///< "path: reason"
  std::vector<std::string> commands;  ///< commands of that turn, whose effects stay
  int turns_left = 0;                 ///< earlier turns that can still be undone
};

/// A file changed during the session: as it was when first touched, and now.
struct SessionFileChange {
  std::filesystem::path path;
  bool existed_before = false;
  bool exists_now = false;
  std::string before;  ///< empty when it did not exist (or was too large to keep)
  std::string now;
  bool unknown = false;  ///< too large or unreadable: no content kept
};

class FileChangeJournal : public ChangeRecorder {
 public:
  /// Files larger than this are noted but their content is not kept.
  static constexpr uintmax_t kMaxFileBytes = 32 * 1024 * 1024;

  /// Starts recording a new turn.
  void begin_turn();
  void before_write(const std::filesystem::path& path) override;
  void before_command(std::string_view command) override;

  /// Restores the files of the latest turn that changed any, and forgets that
  /// turn (a second /undo goes one turn further back). kNotFound when no turn
  /// of this session changed files.
  Result<UndoReport> undo_last_turn();
  /// Every file touched this session whose content differs now from when it
  /// was first touched, in that order (absolute paths). Reads the files.
  std::vector<SessionFileChange> session_changes() const;
  /// Forgets everything (a new conversation).
  void clear();

 private:
  struct Snapshot {
    std::filesystem::path path;
    bool existed = false;
    bool kept = false;  ///< content is known
    std::string content;
  };
  struct Turn {
    std::vector<Snapshot> files;
    std::vector<std::string> commands;
  };
  static Snapshot snapshot(const std::filesystem::path& path);

  std::vector<Turn> turns_;
  std::map<std::filesystem::path, Snapshot> originals_;
  std::vector<std::filesystem::path> order_;
};

}  // namespace pair
