#pragma once
/// The inline screen: finished output goes into the terminal's own
/// scrollback (printed once, never redrawn, so it can be scrolled, searched
/// and copied like any command's output), and a *live area* at the bottom
/// (the block being streamed, the status line, the prompt) is redrawn in
/// place. A frame moves the cursor to the top of the live area, clears to
/// the end of the screen, prints newly finished rows, then the live area.
/// The live area is never taller than the screen (its top rows are dropped),
/// because rows that scroll off can no longer be redrawn.
///
/// A resize redraws only the live area, at the new width; the scrollback stays
/// as it was. Terminals that reflow (tmux, VTE, kitty, iTerm2, ...) split a
/// row wider than the new width into several, so the way back to the live
/// area's top counts the rows its drawn rows take at the current width. (A
/// terminal that clips long rows instead, as xterm does, gets as many rows of
/// finished output above the live area erased as the count overshoots.)
///
/// Rows must fit the width (they come from wrap.h / make_row). Output is
/// built as bytes; the caller writes them. Synchronized output (mode 2026)
/// brackets each frame so terminals that know it draw without flicker.
/// Thread affinity: the UI thread.

#include <string>
#include <vector>

#include "tui/style.h"

namespace pair::tui {

class Screen {
 public:
  /// The terminal's size, at start and after a resize: the next frame redraws
  /// the live area in place at this width.
  void set_size(int cols, int rows);
  int cols() const { return cols_; }
  int rows() const { return rows_; }

  /// Rows to print above the live area in the next frame.
  void commit(Rows rows);
  void commit(Row row);
  /// The live area and where the cursor goes in it (row, column).
  void set_live(Rows rows, int cursor_row, int cursor_col, bool show_cursor = true);

  /// The bytes of the next frame; empty when nothing changed.
  std::string frame();
  /// Redraw everything visible (Ctrl+L): the next frame clears the screen and
  /// prints `rows` (the latest output, re-rendered) above the live area.
  void reprint(Rows rows);
  /// Before leaving: the live area is cleared and the cursor left below the
  /// finished output (for a final message and the shell prompt).
  std::string close();
  /// Forgets where the live area is (after something else wrote to the
  /// terminal, e.g. a suspended process resumed).
  void forget_position() { drawn_rows_ = 0, drawn_above_cursor_.clear(), drawn_cursor_col_ = 0; }
  bool dirty() const { return dirty_; }

 private:
  std::string move_to_top() const;

  int cols_ = 80, rows_ = 24;
  Rows pending_;
  Rows live_;
  int live_cursor_row_ = 0, live_cursor_col_ = 0;
  bool show_cursor_ = true;
  int drawn_rows_ = 0;                   ///< rows of the live area on screen now
  std::vector<int> drawn_above_cursor_;  ///< widths of its rows above the cursor's row, as drawn
  int drawn_cursor_col_ = 0;             ///< the cursor's column, as drawn
  bool dirty_ = true;
  bool clear_screen_ = false;
};

}  // namespace pair::tui
