#pragma once
/// A long-lived child process that pair talks to over pipes (an MCP server on
/// stdio): started in its own session and process group like run_process's
/// children, its stdin and stdout pipes kept by the caller, its stderr written
/// to a file. run_process (subprocess.h) is for commands that run to the end.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/unique_fd.h"

namespace pair {

struct ChildProcessOptions {
  std::vector<std::string> argv;       ///< argv[0] is looked up in PATH
  std::filesystem::path cwd;           ///< empty: inherit
  std::vector<std::string> extra_env;  ///< "NAME=value", replacing an inherited NAME
  int stderr_fd = -1;                  ///< where the child's stderr goes; -1: /dev/null
};

/// How a child ended, as waitpid reported it.
struct ChildExit {
  int exit_code = -1;  ///< valid when signal == 0
  int signal = 0;      ///< the signal that ended it, if any
  /// "exited with status 3", "was killed by signal 9 (Killed)".
  std::string describe() const;
};

/// wait_for and stop may be called from any thread (one reaps, the others see
/// its result). The stdin descriptor is not guarded: the caller serializes its
/// writes with close_stdin and stop.
class ChildProcess {
 public:
  /// Starts the child. A command that is not found gives kNotFound naming it;
  /// other spawn failures kIo.
  static Result<std::unique_ptr<ChildProcess>> start(const ChildProcessOptions& options);
  /// Kills the group if it still runs (stop() with no grace).
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }
  /// Our end of the child's stdin (write) and stdout (read); close-on-exec.
  int stdin_fd() const { return stdin_.get(); }
  int stdout_fd() const { return stdout_.get(); }
  /// Closes our end of the child's stdin: the child reads end of file.
  void close_stdin();

  /// Waits up to `timeout` for the child to exit; nullopt while it runs.
  std::optional<ChildExit> wait_for(std::chrono::milliseconds timeout);
  /// Ends the child: waits `grace` for it to exit by itself, then SIGTERM to
  /// its process group, `term_grace` more, then SIGKILL. Returns how it ended.
  ChildExit stop(std::chrono::milliseconds grace, std::chrono::milliseconds term_grace);

 private:
  ChildProcess(pid_t pid, UniqueFd in, UniqueFd out) : pid_(pid), stdin_(std::move(in)), stdout_(std::move(out)) {}
  std::optional<ChildExit> try_reap();

  pid_t pid_;
  UniqueFd stdin_;
  UniqueFd stdout_;
  std::mutex mutex_;  // guards exit_ and the waitpid that sets it
  std::optional<ChildExit> exit_;
};

}  // namespace pair
