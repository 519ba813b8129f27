#include "local/process_info.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <thread>

#include "util/atomic_file.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

bool process_running(int pid) {
  if (pid <= 0) return false;
  if (::kill(pid, 0) != 0 && errno == ESRCH) return false;
  auto stat = read_file_to_string("/proc/" + std::to_string(pid) + "/stat");
  if (!stat) return ::kill(pid, 0) == 0 || errno == EPERM;
  // "pid (comm) S ...": the state follows the last ')'.
  size_t close = stat->rfind(')');
  if (close == std::string::npos || close + 2 >= stat->size()) return true;
  char state = (*stat)[close + 2];
  return state != 'Z' && state != 'X';
}

std::vector<std::string> process_cmdline(int pid) {
  auto raw = read_file_to_string("/proc/" + std::to_string(pid) + "/cmdline");
  if (!raw) return {};
  std::vector<std::string> out;
  std::string cur;
  for (char c : *raw) {
    if (c == '\0') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

uint64_t process_rss_bytes(int pid) {
  auto status = read_file_to_string("/proc/" + std::to_string(pid) + "/status");
  if (!status) return 0;
  for (const auto& line : split_lines(*status)) {
    if (!line.starts_with("VmRSS:")) continue;
    return std::strtoull(line.c_str() + 6, nullptr, 10) * 1024;
  }
  return 0;
}

bool port_listening(const std::string& host, int port, std::chrono::milliseconds timeout) {
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  std::string ip = host == "localhost" ? "127.0.0.1" : host;
  if (::inet_pton(AF_INET, ip.c_str(), &addr.sin_addr) != 1) return false;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  bool ok = false;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
    ok = true;
  } else if (errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    if (::poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
      int err = 0;
      socklen_t len = sizeof err;
      ok = ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
    }
  }
  ::close(fd);
  return ok;
}

std::optional<uint64_t> listening_socket_inode(std::string_view text, int port) {
  char want[8];
  std::snprintf(want, sizeof want, ":%04X", port);
  for (const auto& line : split_lines(text)) {
    // "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode"
    std::vector<std::string> f;
    for (const auto& w : split(line, ' '))
      if (!w.empty()) f.push_back(w);
    if (f.size() < 10 || f[3] != "0A") continue;  // 0A: LISTEN
    if (!f[1].ends_with(want)) continue;
    return std::strtoull(f[9].c_str(), nullptr, 10);
  }
  return std::nullopt;
}

std::optional<PortOwner> find_port_owner(int port) {
  std::optional<uint64_t> inode;
  for (const char* table : {"/proc/net/tcp", "/proc/net/tcp6"}) {
    if (auto text = read_file_to_string(table))
      if ((inode = listening_socket_inode(*text, port))) break;
  }
  if (!inode || *inode == 0) return std::nullopt;
  std::string target = "socket:[" + std::to_string(*inode) + "]";
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    std::string pid = proc.path().filename().string();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code fd_ec;
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      if (fs::read_symlink(fd.path(), link_ec).string() != target) continue;
      PortOwner owner;
      owner.pid = std::atoi(pid.c_str());
      std::string cmd;
      for (const auto& a : process_cmdline(owner.pid)) cmd += (cmd.empty() ? "" : " ") + a;
      owner.command = cmd.size() > 120 ? cmd.substr(0, 117) + "..." : cmd;
      return owner;
    }
  }
  return std::nullopt;
}

Result<int> spawn_detached(const std::vector<std::string>& argv, const fs::path& log) {
  if (argv.empty()) return fail(ErrorCode::kInvalidArgument, "spawn_detached: empty command");
  int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) return fail(ErrorCode::kIo, "cannot open " + log.string() + ": " + std::strerror(errno));
  int report[2];  // grandchild pid, then errno if exec fails
  if (::pipe2(report, O_CLOEXEC) != 0) {
    ::close(log_fd);
    return fail(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  pid_t child = ::fork();
  if (child < 0) {
    int e = errno;
    ::close(log_fd);
    ::close(report[0]);
    ::close(report[1]);
    return fail(ErrorCode::kIo, std::string("fork failed: ") + std::strerror(e));
  }
  if (child == 0) {
    // Only async-signal-safe calls from here on.
    ::close(report[0]);
    ::setsid();
    pid_t server = ::fork();
    if (server != 0) {
      int pid = server;
      (void)!::write(report[1], &pid, sizeof pid);
      ::_exit(server < 0 ? 1 : 0);
    }
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(log_fd, 1);
    ::dup2(log_fd, 2);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s : {SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGQUIT}) ::signal(s, SIG_DFL);
    ::umask(077);
    if (report[1] > 3) ::close_range(3, static_cast<unsigned>(report[1]) - 1, 0);
    ::close_range(static_cast<unsigned>(report[1]) + 1, ~0U, 0);
    ::execvp(args[0], args.data());
    int e = errno;
    (void)!::write(report[1], &e, sizeof e);
    ::_exit(127);
  }
  ::close(log_fd);
  ::close(report[1]);
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  int pid = 0, exec_errno = 0;
  ssize_t n = ::read(report[0], &pid, sizeof pid);
  ssize_t m = n == sizeof pid ? ::read(report[0], &exec_errno, sizeof exec_errno) : 0;
  ::close(report[0]);
  if (n != sizeof pid || pid <= 0) return fail(ErrorCode::kIo, "could not start " + argv[0]);
  if (m == sizeof exec_errno)
    return fail(ErrorCode::kNotFound, "cannot run " + argv[0] + ": " + std::strerror(exec_errno));
  return pid;
}

bool terminate_process(int pid, std::chrono::milliseconds grace) {
  if (!process_running(pid)) return true;
  ::kill(pid, SIGTERM);
  auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    if (!process_running(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid, SIGKILL);
  for (int i = 0; i < 100; ++i) {
    if (!process_running(pid)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return !process_running(pid);
}

}  // namespace pair
