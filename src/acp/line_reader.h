#pragma once
/// The input side of a newline-delimited stream: reads a file descriptor to
/// its end and hands over one line at a time (without its "\n" or "\r\n").
/// A line longer than the cap is not kept in memory: it is skipped to its
/// end and reported, so one oversized message cannot exhaust memory or end
/// the stream. Blocks the calling thread (the reader thread) until the
/// input ends, a read fails or it is stopped.

#include <cstddef>
#include <functional>
#include <stop_token>
#include <string_view>

#include "util/error.h"

namespace pair::acp {

struct LineHandlers {
  std::function<void(std::string_view line)> line;
  /// A line of more than the cap was skipped; `bytes` is how much of it was read.
  std::function<void(size_t bytes)> oversized;
};

/// Returns at end of input; an error when a read fails (kIo) or `stop` is
/// requested first (kCancelled: the rest of the input is not read).
Result<void> read_lines(int fd, size_t max_line_bytes, const LineHandlers& handlers, std::stop_token stop = {});

}  // namespace pair::acp
