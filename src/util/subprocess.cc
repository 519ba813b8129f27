#include "util/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "util/capped_output.h"
#include "util/spawn_setup.h"
#include "util/strings.h"

namespace pair {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kPollInterval{50};
constexpr milliseconds kExitGrace{200};   // output still arriving after the main process exits
constexpr milliseconds kTermGrace{1500};  // SIGTERM before SIGKILL

class Pipe {
 public:
  Pipe() {
    if (::pipe2(fds_, O_CLOEXEC) != 0) fds_[0] = fds_[1] = -1;
  }
  ~Pipe() {
    close_read();
    close_write();
  }
  bool ok() const { return fds_[0] >= 0; }
  int read_end() const { return fds_[0]; }
  int write_end() const { return fds_[1]; }
  void close_read() { close_fd(fds_[0]); }
  void close_write() { close_fd(fds_[1]); }

 private:
  static void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  int fds_[2];
};

struct Stream {
  Pipe* pipe;
  CappedOutput* sink;
  std::function<void(std::string_view)> on_output;  // stdout only
  bool open = true;
};

/// Reads what is available; returns false at EOF or error.
bool drain(Stream& s) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(s.pipe->read_end(), buf, sizeof buf);
    if (n > 0) {
      std::string_view chunk(buf, static_cast<size_t>(n));
      s.sink->append(chunk);
      if (s.on_output) s.on_output(chunk);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    return false;
  }
}

/// Every child gets this variable; its descendants inherit it, even those
/// that leave the process group (a daemon's setsid), so a cancel finds them.
constexpr const char* kTagVariable = "PAIR_PROCESS_TAG";

std::string new_process_tag() {
  static std::atomic<unsigned> counter{0};
  return std::to_string(::getpid()) + "-" + std::to_string(++counter);
}

/// Kills every process we can see whose environment carries the tag.
void kill_tagged(const std::string& tag) {
  std::string needle = std::string(kTagVariable) + "=" + tag;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    int fd = ::open((entry.path() / "environ").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    std::string env;
    char buf[8192];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) env.append(buf, static_cast<size_t>(n));
    ::close(fd);
    for (size_t pos = 0; pos < env.size();) {
      size_t end = env.find('\0', pos);
      if (end == std::string::npos) end = env.size();
      if (std::string_view(env).substr(pos, end - pos) == needle) {
        ::kill(std::stoi(name), SIGKILL);
        break;
      }
      pos = end + 1;
    }
  }
}

/// Signals the whole group, waits for the leader, then makes sure nothing of
/// the group is left.
void kill_group(pid_t pid, bool& reaped, int& status) {
  ::kill(-pid, SIGTERM);
  auto deadline = Clock::now() + kTermGrace;
  while (!reaped && Clock::now() < deadline) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) {
      reaped = true;
      break;
    }
    ::usleep(10000);
  }
  ::kill(-pid, SIGKILL);
  if (!reaped && ::waitpid(pid, &status, 0) == pid) reaped = true;
}

/// The child's descriptors: stdin from /dev/null, stdout (and stderr, merged
/// or not) into the pipes, `inherit_fds` at their own numbers, and the
/// working directory.
Result<void> add_file_actions(posix_spawn_file_actions_t& actions, const ProcessOptions& o, const Pipe& out_pipe,
                              const Pipe& err_pipe) {
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.write_end(), 1);
  posix_spawn_file_actions_adddup2(&actions, o.merge_stderr ? out_pipe.write_end() : err_pipe.write_end(), 2);
  for (int fd : o.inherit_fds) {
    if (fd < 3) return fail(ErrorCode::kInvalidArgument, "run_process: cannot pass descriptor " + std::to_string(fd));
    // dup2 onto itself clears close-on-exec in the child (POSIX.1-2024; glibc 2.29+).
    posix_spawn_file_actions_adddup2(&actions, fd, fd);
  }
  if (!o.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, o.cwd.c_str());
  return {};
}

/// Starts the child (see ProcessOptions) with the process tag in its
/// environment; returns its pid.
Result<pid_t> spawn_child(const ProcessOptions& o, const Pipe& out_pipe, const Pipe& err_pipe, const std::string& tag) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (auto ok = add_file_actions(actions, o, out_pipe, err_pipe); !ok) {
    posix_spawn_file_actions_destroy(&actions);
    return std::unexpected(ok.error());
  }
  std::vector<std::string> extra_env = o.extra_env;
  extra_env.push_back(std::string(kTagVariable) + "=" + tag);
  return spawn_in_new_session(actions, o.argv, std::move(extra_env));
}

/// How waiting for the child ended.
struct ChildWait {
  bool reaped = false;  ///< `status` holds what waitpid reported
  int status = 0;
  bool cancelled = false;
  bool timed_out = false;
};

/// Reads the child's output until it has exited and its output is closed (or
/// the grace period after its exit ran out), or until a timeout or the stop
/// token kills the group.
ChildWait wait_for_child(pid_t pid, std::vector<Stream>& streams, const ProcessOptions& o, const std::string& tag,
                         std::stop_token stop) {
  ChildWait w;
  auto start = Clock::now();
  std::optional<Clock::time_point> exited_at;

  for (;;) {
    std::vector<pollfd> fds;
    for (auto& s : streams)
      if (s.open) fds.push_back({s.pipe->read_end(), POLLIN, 0});
    if (fds.empty() && w.reaped) break;
    if (!fds.empty()) {
      ::poll(fds.data(), fds.size(), static_cast<int>(kPollInterval.count()));
      for (auto& s : streams)
        if (s.open && !drain(s)) s.open = false;
    } else {
      ::usleep(10000);
    }
    if (!w.reaped && ::waitpid(pid, &w.status, WNOHANG) == pid) {
      w.reaped = true;
      exited_at = Clock::now();
    }
    if (w.reaped && exited_at && Clock::now() - *exited_at > kExitGrace) {
      // Background children still hold the output open: stop them and finish.
      ::kill(-pid, SIGKILL);
      for (auto& s : streams)
        if (s.open) drain(s);
      break;
    }
    if (w.reaped) continue;
    if (stop.stop_requested()) {
      w.cancelled = true;
      kill_group(pid, w.reaped, w.status);
      kill_tagged(tag);
      break;
    }
    if (o.timeout && Clock::now() - start > *o.timeout) {
      w.timed_out = true;
      kill_group(pid, w.reaped, w.status);
      kill_tagged(tag);
      break;
    }
  }
  for (auto& s : streams)
    if (s.open) drain(s);
  return w;
}

}  // namespace

std::string find_executable(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (const std::string& dir : split(rest, ':')) {
    std::filesystem::path candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

Result<ProcessResult> run_process(const ProcessOptions& o, std::stop_token stop) {
  if (o.argv.empty()) return fail(ErrorCode::kInvalidArgument, "run_process: empty argv");
  Pipe out_pipe, err_pipe;
  if (!out_pipe.ok() || !err_pipe.ok())
    return fail(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));

  std::string tag = new_process_tag();
  auto pid = spawn_child(o, out_pipe, err_pipe, tag);
  if (!pid) return std::unexpected(pid.error());
  out_pipe.close_write();
  err_pipe.close_write();

  CappedOutput out(o.head_bytes, o.tail_bytes), err(o.head_bytes, o.tail_bytes);
  std::vector<Stream> streams{{&out_pipe, &out, o.on_output}};
  if (!o.merge_stderr) streams.push_back({&err_pipe, &err, nullptr});
  for (auto& s : streams) ::fcntl(s.pipe->read_end(), F_SETFL, O_NONBLOCK);

  ChildWait w = wait_for_child(*pid, streams, o, tag, stop);
  ProcessResult result;
  result.cancelled = w.cancelled;
  result.timed_out = w.timed_out;
  if (w.reaped) {
    if (WIFEXITED(w.status)) result.exit_code = WEXITSTATUS(w.status);
    if (WIFSIGNALED(w.status)) result.signal = WTERMSIG(w.status);
  }
  result.output = out.render();
  result.output_bytes = out.total_bytes();
  result.output_truncated = out.truncated();
  if (!o.merge_stderr) result.error_output = err.render();
  return result;
}

}  // namespace pair
