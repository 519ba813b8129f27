#pragma once
/// Inline Markdown: **strong**, *emphasis* (and the underscore forms, not
/// inside words), ~~strike~~, `code`, [links](url), <autolinks>, backslash
/// escapes. A simplified CommonMark: delimiters pair up by the flanking
/// rules; anything unpaired stays as written (so an answer still streaming
/// shows `**bold` literally until its closer arrives).

#include <string_view>

#include "tui/style.h"

namespace pair::tui {

Spans parse_inline(std::string_view text, const Style& base = {});

}  // namespace pair::tui
