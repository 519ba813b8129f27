#include "acp/line_reader.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "util/unique_fd.h"

namespace pair::acp {

Result<void> read_lines(int fd, size_t max_line_bytes, const LineHandlers& handlers, std::stop_token stop) {
  // A stop request wakes the poll below through a pipe of our own.
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0)
    return fail(ErrorCode::kIo,
                std::string("cannot create a pipe to read the client's messages: ") + std::strerror(errno));
  UniqueFd wake_read(wake[0]), wake_write(wake[1]);
  std::stop_callback on_stop(stop, [&] { [[maybe_unused]] auto n = ::write(wake_write.get(), "x", 1); });
  std::string line;
  size_t skipped = 0;  // > 0 while skipping the rest of an oversized line
  char buf[64 * 1024];
  auto finish = [&] {
    if (skipped > 0) {
      handlers.oversized(skipped);
      skipped = 0;
      return;
    }
    std::string_view text = line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    handlers.line(text);
    line.clear();
  };
  for (;;) {
    pollfd fds[2] = {{fd, POLLIN, 0}, {wake_read.get(), POLLIN, 0}};
    if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "stopped reading the client's messages");
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::kIo, std::string("waiting for the client's messages failed: ") + std::strerror(errno));
    }
    if (fds[1].revents != 0) continue;  // the stop request, checked above
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0)
      return fail(ErrorCode::kIo,
                  std::string("reading the client's messages on stdin failed: ") + std::strerror(errno));
    if (n == 0) break;
    std::string_view chunk(buf, static_cast<size_t>(n));
    while (!chunk.empty()) {
      size_t nl = chunk.find('\n');
      std::string_view piece = chunk.substr(0, nl);
      if (skipped > 0) {
        skipped += piece.size();
      } else if (line.size() + piece.size() > max_line_bytes) {
        skipped = line.size() + piece.size();
        line.clear();
      } else {
        line.append(piece);
      }
      if (nl == std::string_view::npos) break;
      finish();
      chunk.remove_prefix(nl + 1);
    }
  }
  // A last message without its newline still counts.
  if (!line.empty() || skipped > 0) finish();
  return {};
}

}  // namespace pair::acp
