#pragma once
/// Collects a stream of bytes of any length in bounded memory, keeping the
/// head and the tail: what a model needs from a long build log.

#include <cstddef>
#include <string>
#include <string_view>

namespace pair {

class CappedOutput {
 public:
  /// Keeps at most `head_bytes` from the start and `tail_bytes` from the end.
  CappedOutput(size_t head_bytes, size_t tail_bytes);

  void append(std::string_view data);
  size_t total_bytes() const { return total_; }
  bool truncated() const { return total_ > head_.size() + tail_size(); }
  /// Head, a one-line note of what was left out (in lines where whole lines
  /// were dropped), then tail; cut on UTF-8 and, where possible, line bounds.
  std::string render() const;

 private:
  size_t tail_size() const { return tail_.size() - tail_start_; }

  size_t head_limit_, tail_limit_;
  std::string head_;
  std::string tail_;  // ring kept as a string with a moving start
  size_t tail_start_ = 0;
  size_t total_ = 0;
  size_t omitted_newlines_ = 0;  // newlines in bytes dropped from the middle
};

}  // namespace pair
