#include "mcp/stdio_transport.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>

#include "util/byte_size.h"

namespace pair::mcp {
namespace {

using std::chrono::milliseconds;

constexpr milliseconds kPollInterval{200};
/// After the server exits, output still in the pipe is read this long.
constexpr milliseconds kDrainGrace{300};
/// How much of the log's end is searched for the server's last words.
constexpr std::streamoff kLogTail = 4096;
constexpr size_t kLastLineCap = 300;

/// Writes all of `data` to the non-blocking `fd`, waiting for room while the
/// reader is slow. SIGPIPE is blocked on this thread for the write, and one
/// it raised is consumed, so a server that died gives EPIPE, not a dead pair.
Result<void> write_all(int fd, std::string_view data, std::stop_token stop) {
  sigset_t pipe_set, old;
  sigemptyset(&pipe_set);
  sigaddset(&pipe_set, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  Result<void> result;
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (stop.stop_requested()) {
        result = fail(ErrorCode::kCancelled, "cancelled while the server was not reading its input");
        break;
      }
      pollfd p{fd, POLLOUT, 0};
      ::poll(&p, 1, static_cast<int>(kPollInterval.count()));
      continue;
    }
    result = fail(ErrorCode::kDisconnected, std::string("cannot write to the server: ") + std::strerror(errno));
    break;
  }
  timespec zero{0, 0};
  while (sigtimedwait(&pipe_set, nullptr, &zero) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return result;
}

/// The log the server's stderr is appended to; -1 when there is none.
Result<UniqueFd> open_log(const std::filesystem::path& path) {
  if (path.empty()) return UniqueFd();
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail(ErrorCode::kIo, "cannot open the MCP server log " + path.string() + ": " + std::strerror(errno));
  return UniqueFd(fd);
}

}  // namespace

StdioTransport::StdioTransport(StdioOptions options) : options_(std::move(options)) {}

StdioTransport::~StdioTransport() {
  close();
}

void StdioTransport::set_handlers(MessageHandler on_message, ClosedHandler on_closed) {
  on_message_ = std::move(on_message);
  on_closed_ = std::move(on_closed);
}

void StdioTransport::set_undeliverable_handler(UndeliverableHandler on_undeliverable) {
  on_undeliverable_ = std::move(on_undeliverable);
}

std::string StdioTransport::describe() const {
  std::string d = "stdio: " + options_.command;
  for (const auto& a : options_.args) d += " " + a;
  return d;
}

Result<void> StdioTransport::open(std::stop_token stop) {
  (void)stop;  // spawning does not wait
  if (child_) return fail(ErrorCode::kInternal, "the MCP stdio transport was opened twice");
  auto log = open_log(options_.stderr_log);
  if (!log) return std::unexpected(log.error());
  std::error_code ec;
  if (log->valid()) log_start_ = std::filesystem::file_size(options_.stderr_log, ec);
  ChildProcessOptions o;
  o.argv.push_back(options_.command);
  o.argv.insert(o.argv.end(), options_.args.begin(), options_.args.end());
  o.cwd = options_.cwd;
  for (const auto& [name, value] : options_.env) o.extra_env.push_back(name + "=" + value);
  o.stderr_fd = log->get();
  auto child = ChildProcess::start(o);
  if (!child)
    return fail(child.error().code, "cannot start the MCP server (" + describe() + "): " + child.error().message);
  child_ = std::move(*child);
  ::fcntl(child_->stdin_fd(), F_SETFL, O_NONBLOCK);
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC) != 0)
    return fail(ErrorCode::kIo, std::string("cannot create a pipe: ") + std::strerror(errno));
  wake_read_ = UniqueFd(wake[0]);
  wake_write_ = UniqueFd(wake[1]);
  reader_ = std::thread([this] { read_loop(); });
  return {};
}

Result<void> StdioTransport::send(const std::string& message, std::stop_token stop) {
  std::lock_guard lock(write_mutex_);
  if (!child_ || closing_) return fail(ErrorCode::kDisconnected, "the MCP server (" + describe() + ") is not running");
  if (gone_) return fail(ErrorCode::kDisconnected, "the MCP server (" + describe() + ") has exited");
  std::string line = message;
  line += '\n';
  auto written = write_all(child_->stdin_fd(), line, stop);
  if (!written && written.error().code == ErrorCode::kDisconnected)
    return fail(ErrorCode::kDisconnected,
                "the MCP server (" + describe() + ") stopped reading: " + written.error().message);
  return written;
}

void StdioTransport::close() {
  if (closing_.exchange(true)) return;
  if (!child_) return;
  {
    std::lock_guard lock(write_mutex_);
    child_->close_stdin();
  }
  child_->stop(options_.exit_grace, options_.term_grace);
  if (wake_write_.valid()) {
    char c = 1;
    [[maybe_unused]] ssize_t n = ::write(wake_write_.get(), &c, 1);
  }
  if (reader_.joinable()) reader_.join();
}

void StdioTransport::take_bytes(std::string_view bytes) {
  while (!bytes.empty()) {
    size_t nl = bytes.find('\n');
    std::string_view piece = bytes.substr(0, nl);
    if (!discarding_) {
      if (line_.size() + piece.size() > options_.max_message_bytes) {
        discarding_ = true;
        line_.clear();
        line_.shrink_to_fit();
        if (on_undeliverable_)
          on_undeliverable_(Error(ErrorCode::kProtocol, "the MCP server (" + describe() +
                                                            ") sent a message larger than " +
                                                            format_bytes(options_.max_message_bytes) +
                                                            "; it was dropped (ask the tool for less at a time)"));
      } else {
        line_.append(piece);
      }
    }
    if (nl == std::string_view::npos) return;
    bytes.remove_prefix(nl + 1);
    if (!discarding_) {
      if (!line_.empty() && line_.back() == '\r') line_.pop_back();
      // Blank lines carry nothing; some servers print them.
      if (line_.find_first_not_of(" \t") != std::string::npos && on_message_) on_message_(std::move(line_));
    }
    line_.clear();
    discarding_ = false;
  }
}

void StdioTransport::read_loop() {
  int out = child_->stdout_fd();
  char buf[65536];
  std::optional<std::chrono::steady_clock::time_point> exited_at;
  for (;;) {
    pollfd fds[2] = {{out, POLLIN, 0}, {wake_read_.get(), POLLIN, 0}};
    int r = ::poll(fds, 2, static_cast<int>(kPollInterval.count()));
    if (closing_) return;
    bool eof = false;
    if (r > 0 && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) {
      ssize_t n = ::read(out, buf, sizeof buf);
      if (n > 0) {
        take_bytes(std::string_view(buf, static_cast<size_t>(n)));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      eof = true;
    }
    // A server whose descendants keep its stdout open never gives end of
    // file: its own exit ends the connection too, after what it wrote.
    if (!eof && !exited_at && child_->wait_for(milliseconds(0))) exited_at = std::chrono::steady_clock::now();
    if (eof || (exited_at && std::chrono::steady_clock::now() - *exited_at > kDrainGrace)) break;
  }
  gone_ = true;
  auto exit = child_->wait_for(milliseconds(1000));
  if (closing_) return;
  if (on_closed_) on_closed_(closed_reason(exit));
}

Error StdioTransport::closed_reason(const std::optional<ChildExit>& exit) const {
  std::string msg = "the MCP server (" + describe() + ") ";
  msg += exit ? exit->describe() : "closed its output";
  if (std::string last = last_stderr_line(); !last.empty()) msg += "; its last words: " + last;
  if (!options_.stderr_log.empty()) msg += " (log: " + options_.stderr_log.string() + ")";
  return Error(ErrorCode::kDisconnected, msg);
}

std::string StdioTransport::last_stderr_line() const {
  if (options_.stderr_log.empty()) return "";
  std::ifstream in(options_.stderr_log, std::ios::binary);
  if (!in) return "";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  std::streamoff from = std::max<std::streamoff>(static_cast<std::streamoff>(log_start_), size - kLogTail);
  if (from >= size) return "";
  in.seekg(from);
  std::string tail(static_cast<size_t>(size - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  while (!tail.empty() && (tail.back() == '\n' || tail.back() == '\r' || tail.back() == ' ')) tail.pop_back();
  size_t start = tail.rfind('\n');
  std::string last = start == std::string::npos ? tail : tail.substr(start + 1);
  if (last.size() > kLastLineCap) last = last.substr(0, kLastLineCap) + "…";
  return last;
}

}  // namespace pair::mcp
