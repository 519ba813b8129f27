#include "tui/screen.h"

#include <algorithm>

namespace pair::tui {

void Screen::set_size(int cols, int rows) {
  cols_ = std::max(10, cols);
  rows_ = std::max(3, rows);
  dirty_ = true;
}

void Screen::commit(Rows rows) {
  if (rows.empty()) return;
  for (auto& r : rows) pending_.push_back(std::move(r));
  dirty_ = true;
}

void Screen::commit(Row row) {
  pending_.push_back(std::move(row));
  dirty_ = true;
}

void Screen::set_live(Rows rows, int cursor_row, int cursor_col, bool show_cursor) {
  // Keep the bottom of an area taller than the screen (the prompt lives there).
  int max_rows = std::max(1, rows_ - 1);
  if (static_cast<int>(rows.size()) > max_rows) {
    int drop = static_cast<int>(rows.size()) - max_rows;
    rows.erase(rows.begin(), rows.begin() + drop);
    cursor_row = std::max(0, cursor_row - drop);
  }
  if (rows.size() == live_.size() && cursor_row == live_cursor_row_ && cursor_col == live_cursor_col_ &&
      show_cursor == show_cursor_) {
    bool same = true;
    for (size_t i = 0; i < rows.size() && same; ++i) same = rows[i].text == live_[i].text;
    if (same) return;
  }
  live_ = std::move(rows);
  live_cursor_row_ = cursor_row;
  live_cursor_col_ = cursor_col;
  show_cursor_ = show_cursor;
  dirty_ = true;
}

std::string Screen::move_to_top() const {
  // At the width they were drawn at each row takes one line; after a narrowing resize a reflowing
  // terminal has split the wider ones (and the cursor's row, left of the cursor).
  int up = drawn_cursor_col_ / cols_;
  for (int width : drawn_above_cursor_) up += std::max(1, (width + cols_ - 1) / cols_);
  std::string out = "\r";
  if (up > 0) out += "\x1b[" + std::to_string(up) + "A";
  return out;
}

void Screen::reprint(Rows rows) {
  clear_screen_ = true;
  pending_.insert(pending_.begin(), std::make_move_iterator(rows.begin()), std::make_move_iterator(rows.end()));
  dirty_ = true;
}

std::string Screen::frame() {
  if (!dirty_) return {};
  dirty_ = false;
  std::string out = "\x1b[?2026h\x1b[?25l";
  if (clear_screen_) {
    out += "\x1b[H\x1b[2J";  // the visible screen only; the scrollback stays
    clear_screen_ = false;
  } else {
    out += move_to_top();
  }
  out += "\x1b[J";
  for (const auto& r : pending_) {
    out += r.text;  // everything below was cleared; no erase-line (it would eat a full row's last cell)
    out += "\r\n";
  }
  pending_.clear();
  for (size_t i = 0; i < live_.size(); ++i) {
    out += live_[i].text;
    if (i + 1 < live_.size()) out += "\r\n";
  }
  drawn_rows_ = static_cast<int>(live_.size());
  // The cursor is on the last live row; move it where the live area wants it.
  int last = std::max(0, drawn_rows_ - 1);
  int row = std::clamp(live_cursor_row_, 0, last);
  if (last - row > 0) out += "\x1b[" + std::to_string(last - row) + "A";
  out += "\r";
  int col = std::clamp(live_cursor_col_, 0, cols_ - 1);
  if (col > 0) out += "\x1b[" + std::to_string(col) + "C";
  drawn_above_cursor_.clear();
  for (int i = 0; i < row; ++i) drawn_above_cursor_.push_back(live_[static_cast<size_t>(i)].width);
  drawn_cursor_col_ = col;
  if (show_cursor_) out += "\x1b[?25h";
  out += "\x1b[?2026l";
  return out;
}

std::string Screen::close() {
  std::string out = frame();
  out += move_to_top();
  out += "\x1b[J\x1b[?25h";
  forget_position();
  live_.clear();
  return out;
}

}  // namespace pair::tui
