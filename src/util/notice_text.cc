#include "util/notice_text.h"

#include "util/utf8.h"

namespace pair {

std::string shorten_middle(std::string_view text, size_t max_bytes) {
  static constexpr std::string_view kMark = "…";
  if (text.size() <= max_bytes) return std::string(text);
  if (max_bytes <= kMark.size()) return std::string(text.substr(0, utf8_safe_cut(text, max_bytes)));
  size_t room = max_bytes - kMark.size();
  size_t head = utf8_safe_cut(text, room * 2 / 5);
  size_t tail = text.size() - (room - head);
  while (tail < text.size() && (static_cast<unsigned char>(text[tail]) & 0xC0) == 0x80) ++tail;  // not mid-character
  std::string out(text.substr(0, head));
  out += kMark;
  out += text.substr(tail);
  return out;
}

bool RepeatFilter::is_new(std::string_view text) {
  if (count_ > 0 && text == last_) {
    ++count_;
    return false;
  }
  last_ = text;
  count_ = 1;
  return true;
}

}  // namespace pair
