#include "tui/input_editor.h"

#include <algorithm>

#include "tui/text_width.h"

namespace pair::tui {

namespace {

bool is_paste(char32_t a) {
  return a >= kPasteAtom;
}
bool is_space(char32_t a) {
  return a == U' ' || a == U'\n' || a == U'\t';
}
bool is_word(char32_t a) {
  if (is_paste(a)) return false;
  if (a >= 0x80) return true;
  return (a >= U'0' && a <= U'9') || (a >= U'a' && a <= U'z') || (a >= U'A' && a <= U'Z') || a == U'_';
}

/// Code points of UTF-8 text, line ends normalized, control characters
/// other than newline and tab dropped.
std::u32string to_atoms(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    auto [cp, length] = decode_utf8(s, i);
    i += length;
    if (cp == U'\r') {
      if (i < s.size() && s[i] == '\n') continue;
      cp = U'\n';
    }
    if ((cp < 0x20 && cp != U'\n' && cp != U'\t') || cp == 0x7f) continue;
    out += cp;
  }
  return out;
}

}  // namespace

std::string InputEditor::paste_label(std::string_view text) {
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++lines;
  size_t chars = 0;
  for (size_t i = 0; i < text.size();) {
    i += decode_utf8(text, i).length;
    ++chars;
  }
  return "[Pasted +" + std::to_string(lines) + (lines == 1 ? " line, " : " lines, ") + std::to_string(chars) +
         " chars]";
}

void InputEditor::insert(char32_t cp) {
  content_.atoms.insert(content_.atoms.begin() + static_cast<std::ptrdiff_t>(cursor_), cp);
  ++cursor_;
}

void InputEditor::insert_text(std::string_view utf8) {
  std::u32string atoms = to_atoms(utf8);
  content_.atoms.insert(cursor_, atoms);
  cursor_ += atoms.size();
}

void InputEditor::paste(std::string_view utf8) {
  std::u32string atoms = to_atoms(utf8);
  size_t lines = static_cast<size_t>(std::count(atoms.begin(), atoms.end(), U'\n'));
  if (lines < kCollapseLines && atoms.size() <= kCollapseChars) {
    content_.atoms.insert(cursor_, atoms);
    cursor_ += atoms.size();
    return;
  }
  std::string text;
  for (char32_t a : atoms) append_utf8(text, a);
  content_.pastes.push_back(std::move(text));
  insert(kPasteAtom + static_cast<char32_t>(content_.pastes.size() - 1));
}

bool InputEditor::is_cluster_continuation(size_t i) const {
  if (i == 0 || i >= content_.atoms.size()) return false;
  char32_t prev = content_.atoms[i - 1], cp = content_.atoms[i];
  if (is_paste(prev) || is_paste(cp) || cp == U'\n' || prev == U'\n') return false;
  return continues_cluster(prev, cp);
}

size_t InputEditor::cluster_start(size_t i) const {
  while (i > 0 && is_cluster_continuation(i)) --i;
  return i;
}

size_t InputEditor::cluster_end(size_t i) const {
  if (i >= content_.atoms.size()) return content_.atoms.size();
  ++i;
  while (i < content_.atoms.size() && is_cluster_continuation(i)) ++i;
  return i;
}

void InputEditor::erase(size_t from, size_t to, bool remember) {
  if (from >= to) return;
  if (remember) {
    killed_ = content_.atoms.substr(from, to - from);
    killed_pastes_ = content_.pastes;
  }
  content_.atoms.erase(from, to - from);
  cursor_ = from;
}

void InputEditor::backspace() {
  if (cursor_ == 0) return;
  erase(cluster_start(cursor_ - 1), cursor_, false);
}

void InputEditor::delete_forward() {
  if (cursor_ >= content_.atoms.size()) return;
  erase(cursor_, cluster_end(cursor_), false);
}

void InputEditor::left() {
  if (cursor_ > 0) cursor_ = cluster_start(cursor_ - 1);
}

void InputEditor::right() {
  cursor_ = cluster_end(cursor_);
}

void InputEditor::word_left() {
  const auto& a = content_.atoms;
  while (cursor_ > 0 && !is_word(a[cursor_ - 1]) && !is_paste(a[cursor_ - 1])) --cursor_;
  if (cursor_ > 0 && is_paste(a[cursor_ - 1])) {
    --cursor_;
    return;
  }
  while (cursor_ > 0 && is_word(a[cursor_ - 1])) --cursor_;
}

void InputEditor::word_right() {
  const auto& a = content_.atoms;
  while (cursor_ < a.size() && !is_word(a[cursor_]) && !is_paste(a[cursor_])) ++cursor_;
  if (cursor_ < a.size() && is_paste(a[cursor_])) {
    ++cursor_;
    return;
  }
  while (cursor_ < a.size() && is_word(a[cursor_])) ++cursor_;
}

void InputEditor::home() {
  while (cursor_ > 0 && content_.atoms[cursor_ - 1] != U'\n') --cursor_;
}

void InputEditor::end() {
  while (cursor_ < content_.atoms.size() && content_.atoms[cursor_] != U'\n') ++cursor_;
}

void InputEditor::kill_to_start() {
  size_t to = cursor_;
  home();
  if (cursor_ == to && cursor_ > 0) --cursor_;  // at a line start: join with the line above
  erase(cursor_, to, true);
}

void InputEditor::kill_to_end() {
  size_t from = cursor_;
  end();
  if (cursor_ == from && cursor_ < content_.atoms.size()) ++cursor_;  // at a line end: join the next line
  size_t to = cursor_;
  cursor_ = from;
  erase(from, to, true);
}

void InputEditor::kill_word() {
  size_t to = cursor_;
  const auto& a = content_.atoms;
  while (cursor_ > 0 && is_space(a[cursor_ - 1])) --cursor_;
  while (cursor_ > 0 && !is_space(a[cursor_ - 1])) --cursor_;
  erase(cursor_, to, true);
}

void InputEditor::alt_delete_word() {
  size_t from = cursor_;
  word_right();
  size_t to = cursor_;
  erase(from, to, true);
}

void InputEditor::yank() {
  if (killed_.empty()) return;
  // Pastes keep their index into the list they were killed from.
  for (char32_t a : killed_) {
    if (is_paste(a)) {
      size_t index = a - kPasteAtom;
      if (index >= killed_pastes_.size()) continue;
      content_.pastes.push_back(killed_pastes_[index]);
      insert(kPasteAtom + static_cast<char32_t>(content_.pastes.size() - 1));
    } else {
      insert(a);
    }
  }
}

void InputEditor::clear() {
  content_ = {};
  cursor_ = 0;
}

EditorContent join_contents(const std::vector<EditorContent>& parts) {
  EditorContent out;
  for (const auto& part : parts) {
    if (!out.atoms.empty()) out.atoms += U'\n';
    char32_t shift = static_cast<char32_t>(out.pastes.size());  // this part's pastes follow the earlier ones
    for (char32_t a : part.atoms) out.atoms += a >= kPasteAtom ? a + shift : a;
    out.pastes.insert(out.pastes.end(), part.pastes.begin(), part.pastes.end());
  }
  return out;
}

void InputEditor::set_content(EditorContent content) {
  content_ = std::move(content);
  cursor_ = content_.atoms.size();
}

std::string InputEditor::text() const {
  std::string out;
  for (char32_t a : content_.atoms) {
    if (is_paste(a)) {
      size_t index = a - kPasteAtom;
      if (index < content_.pastes.size()) out += content_.pastes[index];
    } else {
      append_utf8(out, a);
    }
  }
  return out;
}

std::string InputEditor::shown_text() const {
  std::string out;
  for (char32_t a : content_.atoms) {
    if (is_paste(a)) {
      size_t index = a - kPasteAtom;
      out += index < content_.pastes.size() ? paste_label(content_.pastes[index]) : "[paste]";
    } else {
      append_utf8(out, a);
    }
  }
  return out;
}

std::string InputEditor::word_before_cursor() const {
  size_t i = cursor_;
  while (i > 0 && !is_space(content_.atoms[i - 1]) && !is_paste(content_.atoms[i - 1])) --i;
  std::string out;
  for (size_t k = i; k < cursor_; ++k) append_utf8(out, content_.atoms[k]);
  return out;
}

void InputEditor::replace_before_cursor(size_t n_atoms, std::string_view text) {
  n_atoms = std::min(n_atoms, cursor_);
  erase(cursor_ - n_atoms, cursor_, false);
  insert_text(text);
}

int InputEditor::atom_width(size_t i) const {
  char32_t a = content_.atoms[i];
  if (is_paste(a)) {
    size_t index = a - kPasteAtom;
    return display_width(index < content_.pastes.size() ? paste_label(content_.pastes[index]) : "[paste]");
  }
  if (a == U'\n') return 0;
  if (a == U'\t') return 4;
  return codepoint_width(a);
}

std::vector<InputEditor::Position> InputEditor::positions(int width, int prompt) const {
  const auto& a = content_.atoms;
  std::vector<Position> pos(a.size() + 1);
  int row = 0, col = prompt;
  int room = std::max(1, width - prompt);
  auto breaks = [&](size_t k) { return a[k] == U' ' || a[k] == U'\n'; };
  for (size_t i = 0; i < a.size();) {
    if (a[i] == U'\n') {
      pos[i] = {row, col};
      ++row;
      col = prompt;
      ++i;
      continue;
    }
    size_t end = cluster_end(i);
    int w = 0;
    for (size_t k = i; k < end; ++k) w += atom_width(k);
    w = std::min(w, room);  // a label wider than a row is cut when drawn
    if (!breaks(i) && (i == 0 || breaks(i - 1)) && col > prompt) {
      // A word that does not fit in what is left of the row starts the next one (as wrap_words
      // does): only a word longer than a whole row is split.
      int word = 0;
      for (size_t k = i; k < a.size() && !breaks(k) && word <= room; ++k) word += std::min(atom_width(k), room);
      if (col + word > width) {
        ++row;
        col = prompt;
      }
    }
    if (col + w > width && col > prompt) {
      ++row;
      col = prompt;
    }
    for (size_t k = i; k < end; ++k) pos[k] = {row, col};
    col += w;
    i = end;
  }
  if (col >= width) {
    ++row;
    col = prompt;
  }
  pos[a.size()] = {row, col};
  return pos;
}

bool InputEditor::up(int width, int prompt) {
  auto pos = positions(width, prompt);
  Position at = pos[cursor_];
  if (at.row == 0) return false;
  size_t best = 0;
  for (size_t i = 0; i < pos.size(); ++i) {
    if (pos[i].row != at.row - 1) continue;
    if (i > 0 && is_cluster_continuation(i)) continue;
    if (pos[i].col <= at.col) best = i;
    if (pos[i].col > at.col) break;
  }
  cursor_ = best;
  return true;
}

bool InputEditor::down(int width, int prompt) {
  auto pos = positions(width, prompt);
  Position at = pos[cursor_];
  if (at.row == pos.back().row) return false;
  size_t best = pos.size() - 1;
  bool found = false;
  for (size_t i = cursor_; i < pos.size(); ++i) {
    if (pos[i].row != at.row + 1) {
      if (found) break;
      continue;
    }
    if (i < content_.atoms.size() && is_cluster_continuation(i)) continue;
    if (!found || pos[i].col <= at.col) best = i;
    found = true;
    if (pos[i].col >= at.col) break;
  }
  cursor_ = best;
  return true;
}

InputEditor::Layout InputEditor::layout(int width, const Spans& prompt_first, const Spans& prompt_rest) const {
  int prompt = display_width(make_row(prompt_first).text);
  auto pos = positions(width, prompt);
  const auto& a = content_.atoms;
  Layout out;
  int rows = pos.back().row + 1;
  std::vector<Spans> lines(rows);
  for (int r = 0; r < rows; ++r) lines[r] = r == 0 ? prompt_first : prompt_rest;
  Style paste_style = theme::accent().with_italic();
  for (size_t i = 0; i < a.size(); ++i) {
    Spans& line = lines[pos[i].row];
    if (a[i] == U'\n') continue;
    if (is_paste(a[i])) {
      size_t index = a[i] - kPasteAtom;
      std::string label = index < content_.pastes.size() ? paste_label(content_.pastes[index]) : "[paste]";
      line.push_back({truncate_to_width(label, std::max(1, width - prompt)), paste_style});
      continue;
    }
    std::string piece;
    if (a[i] == U'\t')
      piece = "    ";
    else
      append_utf8(piece, a[i]);
    if (!line.empty() && line.back().style.plain())
      line.back().text += piece;
    else
      line.push_back({piece, {}});
  }
  for (auto& l : lines) out.rows.push_back(make_row(l));
  out.cursor_row = pos[cursor_].row;
  out.cursor_col = pos[cursor_].col;
  return out;
}

}  // namespace pair::tui
