// The streaming Markdown renderer on arbitrary text cut into arbitrary pieces: no crash or
// sanitizer report, and the rows committed while streaming are exactly the rows of rendering the
// whole text at once. The text is made valid UTF-8 first, as every answer is: it arrives as
// JSON strings, which the decoder only accepts in valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "tui/markdown.h"
#include "util/utf8.h"

namespace {

std::string joined(const pair::tui::Rows& rows) {
  std::string out;
  for (const auto& r : rows) {
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
  std::string whole = joined(pair::tui::render_markdown(text, width, /*highlight=*/true));
  pair::tui::MarkdownStream stream(width, /*highlight=*/true);
  std::string streamed;
  for (size_t i = 0; i < text.size(); i += piece) {
    stream.append(text.substr(i, piece));
    streamed += joined(stream.take_committed());
    (void)joined(stream.live_rows());
  }
  stream.finish();
  streamed += joined(stream.take_committed());
  if (streamed != whole) __builtin_trap();
  return 0;
}
