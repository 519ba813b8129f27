#pragma once
/// Markdown blocks: what kind of block a source line starts, and how one
/// whole block renders to rows. The streaming renderer (markdown.h) decides
/// where blocks begin and end; this file only draws them. Pure functions.

#include <string>
#include <string_view>
#include <vector>

#include "tui/style.h"

namespace pair::tui {

enum class LineKind { kBlank, kFence, kHeading, kRule, kListItem, kQuote, kTableRow, kText };

/// What `line` (no newline) is, read on its own.
LineKind classify_line(std::string_view line);
/// "|---|:--:|" and "--- | ---": the row under a table's header.
bool is_table_delimiter(std::string_view line);
/// For a fence line: its character, length, indentation and info string.
struct Fence {
  char ch = '`';
  size_t length = 3;
  size_t indent = 0;
  std::string info;
};
bool parse_fence(std::string_view line, Fence* fence);
/// Whether `line` closes a block opened by `open`.
bool closes_fence(std::string_view line, const Fence& open);

enum class BlockKind { kParagraph, kHeading, kRule, kListItem, kQuote, kTable };

/// Renders one block from its source lines into rows at most `width` wide.
Rows render_block(BlockKind kind, const std::vector<std::string>& lines, int width);
/// A table from its source rows (the delimiter row may be missing yet).
Rows render_table(const std::vector<std::string>& lines, int width);

/// Tabs expanded to the next multiple of 4 columns.
std::string expand_tabs(std::string_view line);

}  // namespace pair::tui
