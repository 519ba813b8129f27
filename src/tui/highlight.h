#pragma once
/// A small syntax highlighter for fenced code blocks: keywords, strings,
/// comments, numbers and constants for the common languages, one line at a
/// time with the state (an open block comment or multi-line string) carried
/// between lines, so a streamed code block is highlighted as it arrives.
/// Unknown languages are shown plain.

#include <string_view>

#include "tui/style.h"

namespace pair::tui {

struct LanguageSpec;

/// The language for a fence's info string ("cpp", "python", "ts", "sh", ...),
/// or nullptr when unknown.
const LanguageSpec* find_language(std::string_view info);

/// Carried from one line of a block to the next.
struct HighlightState {
  int mode = 0;  ///< 0: code; otherwise inside a multi-line comment or string
};

/// Spans for one line (no newline). `lang` may be nullptr (plain).
Spans highlight_line(std::string_view line, const LanguageSpec* lang, HighlightState& state);

}  // namespace pair::tui
