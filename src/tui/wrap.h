#pragma once
/// Fitting styled text into terminal rows. Every row the UI prints is made
/// here or by make_row, so no row is ever wider than the terminal (the
/// screen's bookkeeping of rows depends on that).

#include "tui/style.h"

namespace pair::tui {

/// Greedy word wrap into rows of at most `width` columns; '\n' in the text
/// breaks a row. `first` is drawn before the first row, `rest` before the
/// others (bullets, indentation); they count toward the width. A word longer
/// than a row is broken where it must.
Rows wrap_words(const Spans& text, int width, const Spans& first = {}, const Spans& rest = {});
/// Breaks anywhere (code, diffs, tool output): every cluster kept, spaces too.
Rows wrap_hard(const Spans& text, int width, const Spans& first = {}, const Spans& rest = {});
/// Columns of spans.
int spans_width(const Spans& spans);

}  // namespace pair::tui
