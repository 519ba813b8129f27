#include "tui/style.h"

#include <cstdlib>

#include "tui/text_width.h"

namespace pair::tui {

namespace {

bool& colors_flag() {
  static bool enabled = [] {
    const char* no_color = std::getenv("NO_COLOR");
    return no_color == nullptr || *no_color == '\0';
  }();
  return enabled;
}

int color_code(Color c, bool background) {
  int base = background ? 40 : 30;
  int bright = background ? 100 : 90;
  switch (c) {
    case Color::kDefault: return background ? 49 : 39;
    case Color::kBlack: return base;
    case Color::kRed: return base + 1;
    case Color::kGreen: return base + 2;
    case Color::kYellow: return base + 3;
    case Color::kBlue: return base + 4;
    case Color::kMagenta: return base + 5;
    case Color::kCyan: return base + 6;
    case Color::kWhite: return base + 7;
    case Color::kGray: return bright;
    case Color::kBrightRed: return bright + 1;
    case Color::kBrightGreen: return bright + 2;
    case Color::kBrightYellow: return bright + 3;
    case Color::kBrightBlue: return bright + 4;
    case Color::kBrightMagenta: return bright + 5;
    case Color::kBrightCyan: return bright + 6;
  }
  return base;
}

}  // namespace

bool colors_enabled() {
  return colors_flag();
}
void set_colors_enabled(bool enabled) {
  colors_flag() = enabled;
}

Style Style::with_fg(Color c) const {
  Style s = *this;
  s.fg = c;
  return s;
}
Style Style::with_bold() const {
  Style s = *this;
  s.bold = true;
  return s;
}
Style Style::with_dim() const {
  Style s = *this;
  s.dim = true;
  return s;
}
Style Style::with_italic() const {
  Style s = *this;
  s.italic = true;
  return s;
}
Style Style::with_underline() const {
  Style s = *this;
  s.underline = true;
  return s;
}

std::string sgr(const Style& s) {
  std::string out = "\x1b[0";
  auto add = [&](int code) { out += ';' + std::to_string(code); };
  if (s.bold) add(1);
  if (s.dim) add(2);
  if (s.italic) add(3);
  if (s.underline) add(4);
  if (s.reverse) add(7);
  if (s.strike) add(9);
  if (colors_enabled()) {
    if (s.fg != Color::kDefault) add(color_code(s.fg, false));
    if (s.bg != Color::kDefault) add(color_code(s.bg, true));
  }
  out += 'm';
  return out;
}

namespace {

/// Control characters would move the cursor behind the screen's back (and
/// break its count of rows): a tab becomes a space, the others U+FFFD.
bool has_controls(std::string_view s) {
  for (char c : s)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return true;
  return false;
}

std::string without_controls(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '\t')
      out += ' ';
    else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      out += "\xEF\xBF\xBD";
    else
      out += c;
  }
  return out;
}

}  // namespace

Row make_row(const Spans& spans) {
  Row row;
  Style current;
  for (const auto& span : spans) {
    if (span.text.empty()) continue;
    if (!(span.style == current)) {
      row.text += span.style.plain() ? std::string(kReset) : sgr(span.style);
      current = span.style;
    }
    if (has_controls(span.text)) {
      std::string clean = without_controls(span.text);
      row.text += clean;
      row.width += display_width(clean);
      continue;
    }
    row.text += span.text;
    row.width += display_width(span.text);
  }
  if (!current.plain()) row.text += kReset;
  return row;
}

Row styled_row(std::string_view text, const Style& style) {
  return make_row({{std::string(text), style}});
}

namespace theme {
Style accent() {
  return Style{}.with_fg(Color::kCyan);
}
Style muted() {
  return Style{}.with_fg(Color::kGray);
}
Style code() {
  return Style{}.with_fg(Color::kYellow);
}
Style link() {
  return Style{}.with_fg(Color::kBlue).with_underline();
}
Style added() {
  return Style{}.with_fg(Color::kGreen);
}
Style removed() {
  return Style{}.with_fg(Color::kRed);
}
Style error() {
  return Style{}.with_fg(Color::kRed);
}
Style success() {
  return Style{}.with_fg(Color::kGreen);
}
Style warning() {
  return Style{}.with_fg(Color::kYellow);
}
}  // namespace theme

}  // namespace pair::tui
