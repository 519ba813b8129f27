#include "util/child_process.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "util/spawn_setup.h"
#include "util/subprocess.h"

namespace pair {
namespace {

using Clock = std::chrono::steady_clock;

ChildExit exit_from_status(int status) {
  ChildExit e;
  if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  return e;
}

}  // namespace

std::string ChildExit::describe() const {
  if (signal != 0) return "was killed by signal " + std::to_string(signal) + " (" + ::strsignal(signal) + ")";
  return "exited with status " + std::to_string(exit_code);
}

Result<std::unique_ptr<ChildProcess>> ChildProcess::start(const ChildProcessOptions& o) {
  if (o.argv.empty() || o.argv[0].empty()) return fail(ErrorCode::kInvalidArgument, "no command to run");
  // Looked up first so that a missing command is named plainly, not as a
  // spawn errno.
  if (find_executable(o.argv[0]).empty())
    return fail(ErrorCode::kNotFound,
                "command not found: " + o.argv[0] +
                    (o.argv[0].find('/') == std::string::npos ? " (not in PATH; install it or give its full path)"
                                                              : " (no such executable file)"));
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0)
    return fail(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  UniqueFd in_read(in[0]), in_write(in[1]);
  if (::pipe2(out, O_CLOEXEC) != 0)
    return fail(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  UniqueFd out_read(out[0]), out_write(out[1]);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_read.get(), 0);
  posix_spawn_file_actions_adddup2(&actions, out_write.get(), 1);
  if (o.stderr_fd >= 0)
    posix_spawn_file_actions_adddup2(&actions, o.stderr_fd, 2);
  else
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  if (!o.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, o.cwd.c_str());
  auto pid = spawn_in_new_session(actions, o.argv, o.extra_env);
  if (!pid) return std::unexpected(pid.error());
  return std::unique_ptr<ChildProcess>(new ChildProcess(*pid, std::move(in_write), std::move(out_read)));
}

ChildProcess::~ChildProcess() {
  stop(std::chrono::milliseconds(0), std::chrono::milliseconds(0));
}

void ChildProcess::close_stdin() {
  stdin_ = UniqueFd();
}

std::optional<ChildExit> ChildProcess::try_reap() {
  std::lock_guard lock(mutex_);
  if (exit_) return exit_;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) exit_ = exit_from_status(status);
  return exit_;
}

std::optional<ChildExit> ChildProcess::wait_for(std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  for (;;) {
    if (auto e = try_reap()) return e;
    if (Clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

ChildExit ChildProcess::stop(std::chrono::milliseconds grace, std::chrono::milliseconds term_grace) {
  close_stdin();
  if (auto e = wait_for(grace)) {
    ::kill(-pid_, SIGKILL);  // what the leader left behind in its group
    return *e;
  }
  ::kill(-pid_, SIGTERM);
  if (auto e = wait_for(term_grace)) {
    ::kill(-pid_, SIGKILL);
    return *e;
  }
  ::kill(-pid_, SIGKILL);
  std::lock_guard lock(mutex_);
  if (!exit_) {
    int status = 0;
    if (::waitpid(pid_, &status, 0) == pid_) exit_ = exit_from_status(status);
  }
  return exit_.value_or(ChildExit{});
}

}  // namespace pair
