#pragma once
/// Text styles and the SGR sequences that draw them. The 16 standard colours
/// only, so the user's terminal theme decides the actual shades; NO_COLOR
/// (https://no-color.org) keeps bold/dim/italic/underline and drops colour.

#include <cstdint>
#include <string>
#include <vector>

namespace pair::tui {

enum class Color : uint8_t {
  kDefault,
  kBlack,
  kRed,
  kGreen,
  kYellow,
  kBlue,
  kMagenta,
  kCyan,
  kWhite,
  kGray,  ///< bright black
  kBrightRed,
  kBrightGreen,
  kBrightYellow,
  kBrightBlue,
  kBrightMagenta,
  kBrightCyan,
};

struct Style {
  Color fg = Color::kDefault;
  Color bg = Color::kDefault;
  bool bold = false;
  bool dim = false;
  bool italic = false;
  bool underline = false;
  bool strike = false;
  bool reverse = false;

  bool operator==(const Style&) const = default;
  bool plain() const { return *this == Style{}; }

  Style with_fg(Color c) const;
  Style with_bold() const;
  Style with_dim() const;
  Style with_italic() const;
  Style with_underline() const;
};

/// The SGR sequence that sets exactly `style` (starting from a reset).
std::string sgr(const Style& style);
inline constexpr const char* kReset = "\x1b[0m";

/// Whether colours are drawn (false when NO_COLOR is set); tests may force it.
bool colors_enabled();
void set_colors_enabled(bool enabled);

/// A run of text in one style.
struct Span {
  std::string text;
  Style style;
};
using Spans = std::vector<Span>;

/// One terminal row ready to print: text with SGR sequences, and its columns.
struct Row {
  std::string text;
  int width = 0;
};
using Rows = std::vector<Row>;

/// Joins spans into one row (no wrapping), resetting the style at the end.
/// Control characters in the text are made visible (U+FFFD; a tab: a space).
Row make_row(const Spans& spans);
/// A row of plain text in one style.
Row styled_row(std::string_view text, const Style& style = {});

/// Named styles used across the UI.
namespace theme {
Style accent();   ///< the prompt, headings, the working spinner
Style muted();    ///< secondary text: hints, reasoning, timings
Style code();     ///< inline code
Style link();     ///< link text
Style added();    ///< diff additions
Style removed();  ///< diff removals
Style error();    ///< failures
Style success();  ///< done
Style warning();  ///< questions, notices
}  // namespace theme

}  // namespace pair::tui
