#include "app/progress_line.h"

#include <unistd.h>

#include "local/gguf_model.h"
#include "util/byte_size.h"

namespace pair {

ProgressLine::ProgressLine(std::FILE* out) : out_(out), tty_(::isatty(::fileno(out)) != 0) {}

ProgressLine::~ProgressLine() {
  clear();
}

void ProgressLine::update(const std::string& text) {
  auto now = std::chrono::steady_clock::now();
  if (tty_) {
    std::string shown = text.size() > 160 ? text.substr(0, 157) + "..." : text;
    std::fprintf(out_, "\r\033[K%s", shown.c_str());
    std::fflush(out_);
    pending_ = true;
    return;
  }
  // Not a terminal: at most one line every 5 seconds.
  if (text == last_text_ || now - last_ < std::chrono::seconds(5)) return;
  last_ = now;
  last_text_ = text;
  std::fprintf(out_, "%s\n", text.c_str());
  std::fflush(out_);
}

void ProgressLine::line(const std::string& text) {
  clear();
  std::fprintf(out_, "%s\n", text.c_str());
  std::fflush(out_);
}

void ProgressLine::clear() {
  if (tty_ && pending_) {
    std::fprintf(out_, "\r\033[K");
    std::fflush(out_);
  }
  pending_ = false;
}

std::string format_pull_progress(const PullProgress& p) {
  if (!p.note.empty()) return p.note;
  double f = p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 0;
  constexpr int kWidth = 24;
  int filled = static_cast<int>(f * kWidth);
  std::string bar = "[" + std::string(static_cast<size_t>(filled), '#') +
                    std::string(static_cast<size_t>(kWidth - filled), '.') + "]";
  char buf[96];
  std::snprintf(buf, sizeof buf, " %3d%%  ", static_cast<int>(f * 100));
  std::string out = bar + buf + format_bytes(p.done) + " of " + format_bytes(p.total);
  if (p.bytes_per_second > 0) out += "  " + format_bytes(static_cast<uint64_t>(p.bytes_per_second)) + "/s";
  std::string file = p.file.substr(p.file.rfind('/') == std::string::npos ? 0 : p.file.rfind('/') + 1);
  out += "  " + file;
  if (p.parts > 1) out += " (part " + std::to_string(p.part) + " of " + std::to_string(p.parts) + ")";
  return out;
}

}  // namespace pair
