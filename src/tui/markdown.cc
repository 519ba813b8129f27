#include "tui/markdown.h"

#include <algorithm>
#include <utility>

#include "tui/text_width.h"
#include "tui/wrap.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair::tui {

MarkdownStream::MarkdownStream(int width, bool highlight) : width_(std::max(8, width)), highlight_(highlight) {}

void MarkdownStream::add_rows(Rows rows, Rows& out) const {
  if (rows.empty()) return;
  if (pending_blank_ && any_rows_) out.push_back({});
  pending_blank_ = false;
  any_rows_ = true;
  for (auto& r : rows) out.push_back(std::move(r));
}

void MarkdownStream::commit(Open& open, Rows& out) const {
  if (!open.active) return;
  add_rows(render_block(open.kind, open.lines, width_), out);
  open = Open{};
}

void MarkdownStream::code_line(std::string_view line, Rows& out, HighlightState& state) const {
  std::string_view body = line;
  size_t strip = 0;
  while (strip < fence_.indent && strip < body.size() && body[strip] == ' ') ++strip;
  body.remove_prefix(strip);
  std::string expanded = expand_tabs(body);
  Spans spans = highlight_line(expanded, highlight_ ? lang_ : nullptr, state);
  Spans indent{{"  ", {}}};
  add_rows(wrap_hard(spans, width_, indent, indent), out);
}

void MarkdownStream::on_line(std::string_view line, Open& open, Rows& out, bool simulate) const {
  if (in_code_) {
    if (closes_fence(line, fence_)) {
      if (!simulate) in_code_ = false;
      return;
    }
    if (simulate) {
      HighlightState copy = code_state_;
      code_line(line, out, copy);
    } else {
      code_line(line, out, code_state_);
    }
    return;
  }
  LineKind kind = classify_line(line);
  auto start = [&](BlockKind k) {
    commit(open, out);
    open.active = true;
    open.kind = k;
  };
  auto push = [&] {
    open.lines.emplace_back(line);
    open.bytes += line.size();
  };
  switch (kind) {
    case LineKind::kBlank:
      commit(open, out);
      pending_blank_ = true;
      return;
    case LineKind::kFence: {
      commit(open, out);
      if (simulate) return;  // the block starts once the line is complete
      parse_fence(line, &fence_);
      lang_ = find_language(fence_.info);
      code_state_ = {};
      in_code_ = true;
      return;
    }
    case LineKind::kHeading:
      start(BlockKind::kHeading);
      push();
      commit(open, out);
      return;
    case LineKind::kRule:
      start(BlockKind::kRule);
      push();
      commit(open, out);
      return;
    case LineKind::kListItem:
      start(BlockKind::kListItem);
      push();
      return;
    case LineKind::kQuote:
      if (!(open.active && open.kind == BlockKind::kQuote)) start(BlockKind::kQuote);
      push();
      return;
    case LineKind::kTableRow:
      if (open.active && open.kind == BlockKind::kTable && open.lines.size() >= kMaxTableRows) {
        std::string header = open.lines[0];
        commit(open, out);
        start(BlockKind::kTable);
        open.lines.push_back(header);  // keep the header over the rest
      } else if (!(open.active && open.kind == BlockKind::kTable)) {
        start(BlockKind::kTable);
      }
      push();
      return;
    case LineKind::kText:
      if (open.active && open.kind == BlockKind::kTable) {
        if (line.find('|') != std::string_view::npos) {
          push();
          return;
        }
        start(BlockKind::kParagraph);
      } else if (open.active && open.kind == BlockKind::kParagraph && open.lines.size() == 1 &&
                 open.lines[0].find('|') != std::string::npos && is_table_delimiter(line)) {
        open.kind = BlockKind::kTable;  // "a | b" then "--|--": a table without outer pipes
      } else if (!open.active) {
        start(BlockKind::kParagraph);
      }
      push();
      return;
  }
}

void MarkdownStream::cut_long_partial() {
  // A line with no end in sight: commit part of it so the open block stays small.
  while (partial_.size() > kMaxOpenBytes) {
    std::string_view p = partial_;
    size_t floor = kMaxOpenBytes / 2;
    size_t cut = in_code_ ? std::string_view::npos : p.rfind(". ", kMaxOpenBytes);
    if (cut == std::string_view::npos || cut < floor) cut = p.rfind(' ', kMaxOpenBytes);
    if (cut == std::string_view::npos || cut < floor) cut = kMaxOpenBytes;
    cut = std::min(cut + 1, p.size());
    cut = utf8_safe_tail(p, p.size() - cut);  // whole characters
    std::string head = partial_.substr(0, cut);
    partial_.erase(0, cut);
    on_line(head, open_, committed_, false);
    commit(open_, committed_);
  }
  if (open_.active && open_.bytes > kMaxOpenBytes && open_.kind != BlockKind::kTable) commit(open_, committed_);
}

void MarkdownStream::append(std::string_view text) {
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string_view::npos; nl = text.find('\n', start)) {
    partial_.append(text.substr(start, nl - start));
    if (partial_.ends_with("\r")) partial_.pop_back();
    on_line(partial_, open_, committed_, false);
    partial_.clear();
    start = nl + 1;
  }
  partial_.append(text.substr(start));
  if (partial_.size() > kMaxOpenBytes || open_.bytes > kMaxOpenBytes) cut_long_partial();
}

void MarkdownStream::finish() {
  if (!partial_.empty()) {
    on_line(partial_, open_, committed_, false);
    partial_.clear();
  }
  commit(open_, committed_);
  in_code_ = false;
}

Rows MarkdownStream::take_committed() {
  return std::exchange(committed_, {});
}

Rows MarkdownStream::live_rows() const {
  Rows out;
  bool blank = pending_blank_, any = any_rows_;
  Open open = open_;
  // A character cut between pieces is drawn once it is whole.
  std::string_view partial(partial_.data(), utf8_safe_cut(partial_, partial_.size()));
  if (!partial.empty()) on_line(partial, open, out, true);
  commit(open, out);
  pending_blank_ = blank;  // simulation leaves no trace
  any_rows_ = any;
  return out;
}

Rows render_markdown(std::string_view text, int width, bool highlight) {
  MarkdownStream md(width, highlight);
  md.append(text);
  md.finish();
  return md.take_committed();
}

}  // namespace pair::tui
