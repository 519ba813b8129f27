#pragma once
/// Text with Markdown-ish block structure, written piece by piece (for
/// html_to_text): whitespace in running text collapses, blocks are separated
/// by line breaks or blank lines, and every line starts with the current
/// prefix (list indentation, "> " for quotes). Breaks are held until the next
/// content, so none trail and a quote's blank lines keep their ">".

#include <string>
#include <string_view>
#include <vector>

namespace pair {

class MarkdownWriter {
 public:
  /// Running text; whitespace runs become one space, none at a line start.
  void text(std::string_view s);
  /// Preformatted text: kept as is, lines prefixed.
  void raw(std::string_view s);
  /// Markup kept together ("[text](url)", "`code`"): one unit of content.
  void markup(std::string_view s) {
    for (char c : s) put(c);
  }
  /// A list marker: breaks right after it are dropped.
  void marker(std::string_view s) {
    markup(s);
    after_marker_ = true;
  }
  void space() {
    if (line_has_content_ && breaks_ == 0) pending_space_ = true;
    if (!started_) leading_space_ = true;
  }
  void line_break() { request_break(1); }
  void block_break() { request_break(2); }
  void push_prefix(std::string p) { prefixes_.push_back(std::move(p)); }
  void pop_prefix() { prefixes_.pop_back(); }

  /// Whether the text began, or ends, with whitespace (dropped from it).
  bool leading_space() const { return leading_space_; }
  bool trailing_space() const { return pending_space_ || breaks_ > 0; }
  std::string take() { return std::move(out_); }

 private:
  void request_break(int n);
  /// Starts the line the next character goes on.
  void put_pending();
  void put(char c);

  std::string out_;
  std::vector<std::string> prefixes_;
  bool line_has_content_ = false;  ///< the current line has begun (prefix written)
  int breaks_ = 0;                 ///< 1: a line break, 2: a blank line, before the next content
  size_t break_depth_ = 0;         ///< the fewest prefixes in force while breaks_ was requested
  bool pending_space_ = false;
  bool after_marker_ = false;
  bool leading_space_ = false;
  bool started_ = false;
};

}  // namespace pair
