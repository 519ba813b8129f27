#pragma once
/// Lock files of editor windows (docs/ide-protocol.md): each window running
/// pair's extension writes `<config dir>/ide/<port>.json` with its pid, its
/// workspace folders, a bearer token and the protocol version. pair picks the
/// window whose workspace holds its working directory.
///
/// A lock is passed over when it is unreadable or malformed, foreign (owned
/// by another user, or writable by group or others: its token could be a
/// plant), stale (its process is gone), of another protocol version, or for a
/// workspace that does not contain the working directory.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

/// The protocol version pair speaks; a lock with another is incompatible.
inline constexpr int kIdeProtocolVersion = 1;

struct IdeLock {
  std::filesystem::path file;
  int port = 0;  ///< from the file name
  int pid = 0;
  std::vector<std::filesystem::path> workspace_folders;
  std::string token;
  int protocol_version = 0;
  std::string ide_name;  ///< "Visual Studio Code", "code-server", ...
};

/// `<config dir>/ide`.
std::filesystem::path ide_lock_dir();

/// Parses a lock file's text; `file` gives the port (its name) and is named
/// in errors (kParse).
Result<IdeLock> parse_ide_lock(std::string_view text, const std::filesystem::path& file);

/// Whether a process exists (it may belong to another user).
bool process_alive(int pid);

struct IdeLockScan {
  std::vector<IdeLock> usable;       ///< best first
  std::vector<std::string> skipped;  ///< one line per lock passed over, and why
};

/// Scans `dir` for windows whose workspace contains `cwd` (absolute). Order:
/// the lock of `preferred_port` first (PAIR_IDE_PORT, set in the terminals the
/// extension opens), then the innermost workspace folder, then the newest
/// file. Never fails: a missing directory is an empty scan.
IdeLockScan find_ide_locks(const std::filesystem::path& dir, const std::filesystem::path& cwd,
                           std::optional<int> preferred_port = std::nullopt,
                           const std::function<bool(int)>& is_alive = process_alive);

}  // namespace pair
