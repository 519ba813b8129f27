#include "acp/line_reader.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace pair::acp {

Result<void> read_lines(int fd, size_t max_line_bytes, const LineHandlers& handlers) {
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
