#include "tui/wrap.h"

#include <algorithm>

#include "tui/text_width.h"

namespace pair::tui {

namespace {

struct Cell {
  uint32_t start;
  uint32_t length;
  uint16_t span;
  uint8_t width;
  bool space;
  bool newline;
};

struct Flat {
  std::vector<Cell> cells;
};

Flat flatten(const Spans& spans) {
  Flat flat;
  for (size_t s = 0; s < spans.size(); ++s) {
    std::string_view t = spans[s].text;
    for (size_t i = 0; i < t.size();) {
      size_t n = cluster_length(t, i);
      char c = t[i];
      Cell cell{.start = static_cast<uint32_t>(i),
                .length = static_cast<uint32_t>(n),
                .span = static_cast<uint16_t>(s),
                .width = 0,  // set below, unless a line break
                .space = c == ' ',
                .newline = c == '\n'};
      if (!cell.newline) {  // a tab is drawn as one space, other controls as U+FFFD (make_row)
        int w = n == 1 ? 1 : plain_width(t.substr(i, n));
        cell.width = static_cast<uint8_t>(std::min(w, 2));
      }
      flat.cells.push_back(cell);
      i += n;
    }
  }
  return flat;
}

class RowBuilder {
 public:
  RowBuilder(const Spans& text, const Spans& first, const Spans& rest)
      : text_(text), first_(first), rest_(rest), first_width_(spans_width(first)), rest_width_(spans_width(rest)) {}

  void emit(const std::vector<Cell>& cells, size_t from, size_t to) {
    Spans spans = rows_.empty() ? first_ : rest_;
    for (size_t i = from; i < to; ++i) {
      const Cell& c = cells[i];
      const Span& src = text_[c.span];
      std::string_view piece = std::string_view(src.text).substr(c.start, c.length);
      if (piece == "\t") piece = " ";
      if (spans.empty() || !(spans.back().style == src.style))
        spans.push_back({std::string(piece), src.style});
      else
        spans.back().text += piece;
    }
    rows_.push_back(make_row(spans));
  }
  int prefix_width() const { return rows_.empty() ? first_width_ : rest_width_; }
  Rows take() { return std::move(rows_); }

 private:
  const Spans& text_;
  const Spans& first_;
  const Spans& rest_;
  int first_width_, rest_width_;
  Rows rows_;
};

Rows wrap(const Spans& text, int width, const Spans& first, const Spans& rest, bool words) {
  Flat flat = flatten(text);
  const auto& cells = flat.cells;
  RowBuilder out(text, first, rest);
  size_t start = 0;
  int col = 0;
  auto avail = [&] { return std::max(1, width - out.prefix_width()); };
  size_t break_at = SIZE_MAX;  // index of the last space in the current row
  bool soft_start = false;     // the row began at a wrap: skip leading spaces
  // A row that ends at a line break or at the end keeps its trailing spaces only where they fit:
  // spaces may hang past the edge while the row is open, but never reach the screen.
  auto fitted_end = [&](size_t from, size_t to) {
    int w = 0;
    for (size_t k = from; k < to; ++k) w += cells[k].width;
    while (to > from && cells[to - 1].space && w > avail()) w -= cells[--to].width;
    return to;
  };
  for (size_t i = 0; i < cells.size(); ++i) {
    const Cell& c = cells[i];
    if (c.newline) {
      out.emit(cells, start, fitted_end(start, i));
      start = i + 1;
      col = 0;
      break_at = SIZE_MAX;
      soft_start = false;
      continue;
    }
    if (words && soft_start && c.space && i == start) {
      ++start;
      continue;
    }
    soft_start = false;
    if (col + c.width > avail() && i > start && !(words && c.space)) {  // a space may hang past the edge
      if (words && break_at != SIZE_MAX && break_at > start) {
        size_t end = break_at;
        while (end > start && cells[end - 1].space) --end;
        out.emit(cells, start, end);
        start = break_at + 1;
        while (start < i && cells[start].space) ++start;
      } else {
        out.emit(cells, start, i);
        start = i;
      }
      col = 0;
      for (size_t k = start; k < i; ++k) col += cells[k].width;
      break_at = SIZE_MAX;
      if (words && start == i && c.space) {
        start = i + 1;
        soft_start = true;
        continue;
      }
    }
    col += c.width;
    if (c.space) break_at = i;
  }
  if (start < cells.size() || cells.empty() || cells.back().newline)
    out.emit(cells, start, fitted_end(start, cells.size()));
  return out.take();
}

}  // namespace

int spans_width(const Spans& spans) {
  int w = 0;
  for (const auto& s : spans) w += display_width(s.text);
  return w;
}

Rows wrap_words(const Spans& text, int width, const Spans& first, const Spans& rest) {
  return wrap(text, width, first, rest, true);
}

Rows wrap_hard(const Spans& text, int width, const Spans& first, const Spans& rest) {
  return wrap(text, width, first, rest, false);
}

}  // namespace pair::tui
