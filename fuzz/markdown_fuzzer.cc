// The streaming Markdown renderer on arbitrary text cut into arbitrary pieces: no crash or
// sanitizer report, the rows committed while streaming are exactly the rows of rendering the
// whole text at once, and no row is wider than the screen or than it claims to be. The text is
// made valid UTF-8 first, as every answer is: it arrives as JSON strings, which the decoder only
// accepts in valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tui/markdown.h"
#include "tui/text_width.h"
#include "util/utf8.h"

namespace {

std::string joined(const pair::tui::Rows& rows, int width) {
  std::string out;
  for (const auto& r : rows) {
    if (r.width > width || pair::tui::display_width(pair::tui::strip_escapes(r.text)) != r.width) __builtin_trap();
    out += r.text;
    out += '\n';
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  int width = 24 + data[0] % 177;  // the first byte picks the screen width (24 to 200 columns)
  size_t piece = 1 + data[1] % 97;     // the second, the size of the pieces
  std::string valid = pair::utf8_sanitize(std::string_view(reinterpret_cast<const char*>(data + 2), size - 2));
  std::string_view text(valid);
  std::string whole = joined(pair::tui::render_markdown(text, width, /*highlight=*/true), width);
  pair::tui::MarkdownStream stream(width, /*highlight=*/true);
  std::string streamed;
  for (size_t i = 0; i < text.size(); i += piece) {
    stream.append(text.substr(i, piece));
    streamed += joined(stream.take_committed(), width);
    (void)joined(stream.live_rows(), width);
  }
  stream.finish();
  streamed += joined(stream.take_committed(), width);
  if (streamed != whole) __builtin_trap();
  return 0;
}
