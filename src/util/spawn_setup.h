#pragma once
/// What every child process pair starts shares (run_process, ChildProcess):
/// the posix_spawn attributes of a new session and the environment it gets.

#include <spawn.h>

#include <sys/types.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

/// A new session: its own process group, and no controlling terminal to read
/// from; no signal blocked, and the ones a terminal program handles reset to
/// their defaults.
void set_spawn_attributes(posix_spawnattr_t& attr);

/// The child's environment: ours, then `extra_env` ("NAME=value"), which
/// replaces inherited variables of the same name (a duplicate entry would
/// leave which one the child sees up to the child).
class ChildEnvironment {
 public:
  explicit ChildEnvironment(std::vector<std::string> extra_env);
  ChildEnvironment(const ChildEnvironment&) = delete;
  ChildEnvironment& operator=(const ChildEnvironment&) = delete;

  /// For posix_spawn: valid while this object lives.
  char** envp() { return envp_.data(); }

 private:
  bool overridden(std::string_view entry) const;

  std::vector<std::string> extra_env_;
  std::vector<char*> envp_;
};

/// Starts `argv` (argv[0] looked up in PATH) with `actions` (destroyed
/// here) in a new session (set_spawn_attributes) with ChildEnvironment's
/// environment. A missing command is kNotFound, other failures kIo.
Result<pid_t> spawn_in_new_session(posix_spawn_file_actions_t& actions, const std::vector<std::string>& argv,
                                   std::vector<std::string> extra_env);

}  // namespace pair
