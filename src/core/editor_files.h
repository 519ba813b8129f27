#pragma once
/// Files as an editor holds them, for a front-end whose editor offers that
/// (the Agent Client Protocol's fs/read_text_file and fs/write_text_file):
/// reads see the editor's unsaved buffers, and writes go through the editor
/// so its buffers and undo history see them. This changes how a file is read
/// or written, never whether: every permission, approval and read rule is
/// checked before a tool gets here. Where a tool context has none, or it does
/// not offer one side, pair reads and writes the disk itself (`file_text`).
///
/// Thread affinity: the engine's thread (tools run there); implementations
/// may block until the editor answers, and must return promptly once `stop`
/// is requested.

#include <filesystem>
#include <stop_token>
#include <string>

#include "util/error.h"

namespace pair {

class EditorFiles {
 public:
  virtual ~EditorFiles() = default;
  /// Whether the editor reads files for pair (read_text may be called).
  virtual bool reads() const = 0;
  /// Whether the editor writes files for pair (write_text may be called).
  virtual bool writes() const = 0;
  /// The whole text of `path` (absolute) as the editor has it, unsaved
  /// changes included. Errors say what the editor answered (kCancelled once
  /// `stop` is requested).
  virtual Result<std::string> read_text(const std::filesystem::path& path, std::stop_token stop) = 0;
  /// Replaces the text of `path` (absolute; the editor creates a missing
  /// file). Errors as read_text's.
  virtual Result<void> write_text(const std::filesystem::path& path, const std::string& content,
                                  std::stop_token stop) = 0;
};

}  // namespace pair
