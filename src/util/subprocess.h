#pragma once
/// Runs child processes the way an agent must: in their own session and
/// process group (no controlling terminal, stdin from /dev/null), output
/// captured in bounded memory, and the whole group killed on timeout or
/// cancellation.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "util/error.h"

namespace pair {

struct ProcessOptions {
  std::vector<std::string> argv;       ///< argv[0] is looked up in PATH
  std::filesystem::path cwd;           ///< empty: inherit
  std::vector<std::string> extra_env;  ///< "NAME=value", replacing an inherited NAME
  bool merge_stderr = true;            ///< stderr into the same capture as stdout
  std::optional<std::chrono::milliseconds> timeout;
  size_t head_bytes = 32 * 1024;  ///< output kept from the start
  size_t tail_bytes = 32 * 1024;  ///< output kept from the end
  /// Called (on the calling thread) with each chunk of stdout as it arrives,
  /// stderr included when merged; a consumer may watch a long command this
  /// way, or parse output too large to keep.
  std::function<void(std::string_view)> on_output;
  /// Descriptors the child starts with, at the same numbers (3 and up), their
  /// close-on-exec flag cleared in the child only; every other descriptor of
  /// ours is closed in the child as before. The caller keeps them open until
  /// run_process returns (bubblewrap reads its seccomp filter from one).
  std::vector<int> inherit_fds;
};

struct ProcessResult {
  int exit_code = -1;  ///< valid when !signaled
  int signal = 0;      ///< the signal that ended it, if any
  bool timed_out = false;
  bool cancelled = false;
  std::string output;        ///< capped: head, a note, tail
  std::string error_output;  ///< stderr when !merge_stderr (capped the same way)
  size_t output_bytes = 0;   ///< total bytes produced, before capping
  bool output_truncated = false;
};

/// Starts the process and waits for it. Returns an error only when it could not
/// be started; a failing command is a successful call with exit_code != 0.
/// When the main process exits, output still arriving from background children
/// is read for a short grace period, then the group is killed.
Result<ProcessResult> run_process(const ProcessOptions& options, std::stop_token stop = {});

/// Locates an executable in PATH; empty when absent.
std::string find_executable(const std::string& name);

}  // namespace pair
