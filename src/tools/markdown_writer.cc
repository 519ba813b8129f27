#include "tools/markdown_writer.h"

#include <algorithm>

namespace pair {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

}  // namespace

void MarkdownWriter::text(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_space(c)) {
      space();
      continue;
    }
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {  // no-break space
      ++i;
      space();
      continue;
    }
    if (c == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xAD') {  // soft hyphen
      ++i;
      continue;
    }
    put(c);
  }
}

void MarkdownWriter::raw(std::string_view s) {
  for (char c : s) {
    if (c == '\r') continue;
    if (c == '\n') {
      put_pending();
      out_ += '\n';
      line_has_content_ = false;
      continue;
    }
    put(c);
  }
}

void MarkdownWriter::request_break(int n) {
  if (after_marker_ || out_.empty()) return;
  break_depth_ = breaks_ == 0 ? prefixes_.size() : std::min(break_depth_, prefixes_.size());
  breaks_ = std::max(breaks_, n);
  pending_space_ = false;
}

void MarkdownWriter::put_pending() {
  if (breaks_ > 0) {
    if (line_has_content_) out_ += '\n';
    line_has_content_ = false;
    if (breaks_ == 2) {
      std::string blank;  // the prefixes the break and the next line share
      for (size_t i = 0; i < std::min(break_depth_, prefixes_.size()); ++i) blank += prefixes_[i];
      while (!blank.empty() && blank.back() == ' ') blank.pop_back();
      out_ += blank + '\n';
    }
    breaks_ = 0;
  }
  if (!line_has_content_) {
    for (const auto& p : prefixes_) out_ += p;
    line_has_content_ = true;
    pending_space_ = false;
  }
}

void MarkdownWriter::put(char c) {
  put_pending();
  if (pending_space_) out_ += ' ';
  pending_space_ = false;
  out_ += c;
  after_marker_ = false;
  started_ = true;
}

}  // namespace pair
