#include "util/capped_output.h"

#include <algorithm>

#include "util/utf8.h"

namespace pair {

CappedOutput::CappedOutput(size_t head_bytes, size_t tail_bytes) : head_limit_(head_bytes), tail_limit_(tail_bytes) {}

void CappedOutput::append(std::string_view data) {
  total_ += data.size();
  if (head_.size() < head_limit_) {
    size_t take = std::min(head_limit_ - head_.size(), data.size());
    head_.append(data.substr(0, take));
    data.remove_prefix(take);
  }
  if (data.empty()) return;
  tail_.append(data);
  if (tail_size() > tail_limit_) {
    size_t drop = tail_size() - tail_limit_;
    omitted_newlines_ +=
        static_cast<size_t>(std::count(tail_.begin() + static_cast<std::ptrdiff_t>(tail_start_),
                                       tail_.begin() + static_cast<std::ptrdiff_t>(tail_start_ + drop), '\n'));
    tail_start_ += drop;
    // Compact once the dead prefix dominates, so memory stays O(limit).
    if (tail_start_ > tail_limit_ + 4096) {
      tail_.erase(0, tail_start_);
      tail_start_ = 0;
    }
  }
}

std::string CappedOutput::render() const {
  std::string_view tail(tail_);
  tail.remove_prefix(tail_start_);
  if (!truncated()) return head_ + std::string(tail);

  std::string_view head(head_);
  head = head.substr(0, utf8_safe_cut(head, head.size()));
  // Prefer whole lines on both sides of the gap.
  if (size_t nl = head.rfind('\n'); nl != std::string_view::npos && nl > head.size() / 2) head = head.substr(0, nl + 1);
  if (size_t nl = tail.find('\n'); nl != std::string_view::npos && nl < tail.size() / 2) tail.remove_prefix(nl + 1);
  tail.remove_prefix(utf8_safe_tail(tail, tail.size()));

  size_t omitted = total_ - head.size() - tail.size();
  std::string out(head);
  if (!out.empty() && out.back() != '\n') out += '\n';
  out += "[... " + std::to_string(omitted) + " bytes";
  if (omitted_newlines_ > 0) out += " (about " + std::to_string(omitted_newlines_) + " lines)";
  out += " omitted ...]\n";
  out += tail;
  return out;
}

}  // namespace pair
