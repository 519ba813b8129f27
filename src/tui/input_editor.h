#pragma once
/// The prompt's text editor: multi-line text, a cursor that moves over whole
/// characters (clusters: an emoji with its modifiers, a letter with its
/// accents), wide characters, and large pastes held as one unit shown as
/// "[Pasted +N lines, X chars]" (the cursor and Backspace treat it as one
/// character; the full text is what gets sent). Layout wraps the text into
/// rows of the terminal's width and places the cursor.
/// Pure and single-threaded: the UI thread owns it.

#include <string>
#include <string_view>
#include <vector>

#include "tui/style.h"

namespace pair::tui {

/// What the editor holds, for history: the text with pastes as placeholders.
struct EditorContent {
  std::u32string atoms;             ///< code points; kPasteAtom + i marks paste i
  std::vector<std::string> pastes;  ///< the pasted texts
  bool operator==(const EditorContent&) const = default;
};

/// The parts one after another, a newline between two: several messages put
/// back into one input box, their pastes kept as pastes.
EditorContent join_contents(const std::vector<EditorContent>& parts);

class InputEditor {
 public:
  /// Pastes with more lines or characters than these collapse to one unit.
  static constexpr size_t kCollapseLines = 3;
  static constexpr size_t kCollapseChars = 800;

  void insert(char32_t cp);
  void insert_text(std::string_view utf8);  ///< typed or small pasted text
  /// A bracketed paste: collapsed when large, else inserted as text.
  void paste(std::string_view utf8);
  void newline() { insert(U'\n'); }

  void backspace();
  void delete_forward();
  void left();
  void right();
  void word_left();
  void word_right();
  void home();             ///< start of the current line
  void end();              ///< end of the current line
  void kill_to_start();    ///< Ctrl+U
  void kill_to_end();      ///< Ctrl+K
  void kill_word();        ///< Ctrl+W: the word before the cursor
  void alt_delete_word();  ///< Alt+D: the word after the cursor
  void yank();             ///< Ctrl+Y: what was last killed
  /// Moves to the row above/below in a layout of `width` columns (with a
  /// `prompt` columns wide first row). False at the first/last row.
  bool up(int width, int prompt);
  bool down(int width, int prompt);

  void clear();
  bool empty() const { return content_.atoms.empty(); }
  /// The text to send: pastes expanded in full.
  std::string text() const;
  /// The text as shown (pastes as their labels); for completion and tests.
  std::string shown_text() const;
  size_t cursor() const { return cursor_; }
  /// The atom before the cursor, or 0.
  char32_t before_cursor() const { return cursor_ > 0 ? content_.atoms[cursor_ - 1] : 0; }
  /// The whole text before the cursor is a single-line string? Used by
  /// completion: the word that ends at the cursor (no spaces), as UTF-8.
  std::string word_before_cursor() const;
  /// Replaces the `n_atoms` atoms before the cursor with `text`.
  void replace_before_cursor(size_t n_atoms, std::string_view text);

  const EditorContent& content() const { return content_; }
  void set_content(EditorContent content);

  /// The rows of the prompt at `width` columns: `prompt_first` before the
  /// first row, `prompt_rest` before the others; the cursor's row and column.
  struct Layout {
    Rows rows;
    int cursor_row = 0;
    int cursor_col = 0;
  };
  Layout layout(int width, const Spans& prompt_first, const Spans& prompt_rest) const;

  static std::string paste_label(std::string_view text);

 private:
  struct Position {
    int row = 0, col = 0;
  };
  /// Where each atom starts in a layout, plus the end position.
  std::vector<Position> positions(int width, int prompt) const;
  int atom_width(size_t i) const;
  bool is_cluster_continuation(size_t i) const;
  size_t cluster_start(size_t i) const;
  size_t cluster_end(size_t i) const;
  void erase(size_t from, size_t to, bool remember);

  EditorContent content_;
  size_t cursor_ = 0;
  std::u32string killed_;
  std::vector<std::string> killed_pastes_;
};

inline constexpr char32_t kPasteAtom = 0x110000;  ///< beyond Unicode: never typed

}  // namespace pair::tui
