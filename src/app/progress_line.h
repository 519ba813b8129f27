#pragma once
/// Progress on stderr for long local work (starting a server, downloading,
/// quantizing): on a terminal one line rewritten in place; otherwise (logs,
/// CI) a line now and then, so output stays readable.

#include <chrono>
#include <cstdio>
#include <string>

#include "local/model_store.h"

namespace pair {

class ProgressLine {
 public:
  explicit ProgressLine(std::FILE* out = stderr);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  /// A state that the next update replaces.
  void update(const std::string& text);
  /// A line that stays.
  void line(const std::string& text);
  /// Clears a pending update line.
  void clear();

 private:
  std::FILE* out_;
  bool tty_;
  bool pending_ = false;
  std::chrono::steady_clock::time_point last_;
  std::string last_text_;
};

/// "[#########.........] 45%  2.10 GB of 4.68 GB  35.2 MB/s  file.gguf (part 1 of 2)".
std::string format_pull_progress(const PullProgress& p);

}  // namespace pair
