#pragma once
/// Streaming Markdown: text arrives in pieces (a model's answer token by
/// token) and is drawn as it comes. Only the *open block* (the paragraph,
/// list item, table or code line being written) is ever re-rendered; every
/// finished block is rendered once into committed rows that never change.
/// So the cost per token stays bounded by the size of one block, whatever
/// the length of the answer: a 10,000-line code block commits line by line.
///
/// Pathological input is bounded too: an open paragraph or code line past
/// kMaxOpenBytes is cut and committed (at a sentence or word boundary where
/// one exists), and a table past kMaxTableRows commits its rows so far.
///
/// Not thread-safe; the UI thread owns it.

#include <string>
#include <string_view>
#include <vector>

#include "tui/highlight.h"
#include "tui/markdown_blocks.h"
#include "tui/style.h"

namespace pair::tui {

class MarkdownStream {
 public:
  static constexpr size_t kMaxOpenBytes = 4096;
  static constexpr size_t kMaxTableRows = 100;

  explicit MarkdownStream(int width, bool highlight = true);

  /// Appends the next piece of the text.
  void append(std::string_view text);
  /// The text is complete: the open block is committed.
  void finish();
  /// Rows finished since the last call (moved out).
  Rows take_committed();
  /// The open block as it renders now. Costs the size of the open block.
  Rows live_rows() const;
  /// Width for what is rendered from now on (committed rows stay as drawn).
  void set_width(int width) { width_ = std::max(8, width); }
  int width() const { return width_; }

 private:
  struct Open {
    bool active = false;
    BlockKind kind = BlockKind::kParagraph;
    std::vector<std::string> lines;
    size_t bytes = 0;
  };
  /// A complete source line. Commits rows to `out`; changes `open`.
  void on_line(std::string_view line, Open& open, Rows& out, bool simulate) const;
  void commit(Open& open, Rows& out) const;
  void code_line(std::string_view line, Rows& out, HighlightState& state) const;
  void add_rows(Rows rows, Rows& out) const;
  void cut_long_partial();

  int width_;
  bool highlight_;
  std::string partial_;
  Open open_;
  Rows committed_;
  // Fenced code. Mutable only through on_line when not simulating.
  mutable bool in_code_ = false;
  mutable Fence fence_;
  mutable const LanguageSpec* lang_ = nullptr;
  mutable HighlightState code_state_;
  mutable bool pending_blank_ = false;
  mutable bool any_rows_ = false;
};

/// Renders a whole Markdown text at once (what streaming it in any pieces
/// commits, too).
Rows render_markdown(std::string_view text, int width, bool highlight = true);

}  // namespace pair::tui
