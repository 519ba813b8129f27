#pragma once
/// Terminal columns of UTF-8 text: code point widths from the C library's
/// wcwidth (in the C.UTF-8 locale, whatever the user's locale is), clusters
/// (a base character and the zero-width marks, joiners and variation
/// selectors that follow it) as the unit the cursor moves over, and SGR/CSI
/// escape sequences skipped. Pure functions, any thread.

#include <string>
#include <string_view>

#include "util/utf8.h"

namespace pair::tui {

/// Appends `cp` encoded as UTF-8 (the inverse of decode_utf8).
void append_utf8(std::string& out, char32_t cp);

/// Columns a code point takes: 0 (combining marks, joiners, controls), 1 or 2.
int codepoint_width(char32_t cp);
/// Columns of `s`; escape sequences (ESC [ ... final, ESC ] ... BEL) take none.
int display_width(std::string_view s);
/// Byte length of the cluster that starts at `s[i]` (at least 1 when i < size).
size_t cluster_length(std::string_view s, size_t i);
/// Whether `cp` continues the cluster before it (zero width, or after a ZWJ).
bool continues_cluster(char32_t previous, char32_t cp);

/// Columns of plain text as a row shows it: no escape sequences are
/// interpreted, and a control character takes one column (make_row shows it).
int plain_width(std::string_view s);
/// Plain text cut to at most `width` columns (plain_width); "…" marks a cut.
std::string truncate_to_width(std::string_view s, int width);
/// Plain text in at most `width` columns keeping its start and its end (the
/// path or the cause a notice ends with); "…" replaces the middle.
std::string truncate_middle_to_width(std::string_view s, int width);
/// Removes escape sequences.
std::string strip_escapes(std::string_view s);

}  // namespace pair::tui
