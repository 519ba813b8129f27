#include "tui/markdown_blocks.h"

#include <algorithm>
#include <cctype>

#include "tui/markdown_inline.h"
#include "tui/text_width.h"
#include "tui/wrap.h"
#include "util/strings.h"

namespace pair::tui {

namespace {

size_t indent_of(std::string_view line) {
  size_t n = 0;
  for (char c : line) {
    if (c == ' ')
      ++n;
    else if (c == '\t')
      n += 4 - n % 4;
    else
      break;
  }
  return n;
}

std::string_view strip_indent(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  return i == std::string_view::npos ? std::string_view() : line.substr(i);
}

bool is_rule(std::string_view line) {
  if (indent_of(line) > 3) return false;
  std::string_view t = trim(line);
  if (t.size() < 3) return false;
  char c = t[0];
  if (c != '-' && c != '*' && c != '_') return false;
  int count = 0;
  for (char x : t) {
    if (x == c)
      ++count;
    else if (x != ' ')
      return false;
  }
  return count >= 3;
}

/// The marker of a list item ("-", "12."), or empty.
std::string_view list_marker(std::string_view line) {
  std::string_view t = strip_indent(line);
  if (t.size() >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') return t.substr(0, 1);
  if (t.size() == 1 && (t[0] == '-' || t[0] == '*' || t[0] == '+')) return t.substr(0, 1);
  size_t d = 0;
  while (d < t.size() && d < 9 && std::isdigit(static_cast<unsigned char>(t[d]))) ++d;
  if (d > 0 && d < t.size() && (t[d] == '.' || t[d] == ')') && (d + 1 == t.size() || t[d + 1] == ' '))
    return t.substr(0, d + 1);
  return {};
}

int heading_level(std::string_view line) {
  if (indent_of(line) > 3) return 0;
  std::string_view t = strip_indent(line);
  int level = 0;
  while (level < static_cast<int>(t.size()) && t[level] == '#') ++level;
  if (level == 0 || level > 6) return 0;
  if (level < static_cast<int>(t.size()) && t[level] != ' ' && t[level] != '\t') return 0;
  return level;
}

/// Paragraph text from source lines: soft breaks become spaces, hard breaks
/// (two trailing spaces or a backslash) newlines.
std::string join_lines(const std::vector<std::string_view>& lines) {
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    bool hard = line.ends_with("  ") || (line.ends_with("\\") && !line.ends_with("\\\\"));
    std::string_view body = trim(line);
    if (hard && body.ends_with("\\")) body.remove_suffix(1);
    out += body;
    if (i + 1 < lines.size()) out += hard ? '\n' : ' ';
  }
  return out;
}

Rows render_heading(std::string_view line, int width) {
  int level = heading_level(line);
  std::string_view text = trim(strip_indent(line).substr(level));
  while (text.ends_with("#")) text.remove_suffix(1);  // closing hashes
  text = trim(text);
  Style st = Style{}.with_bold();
  if (level <= 2) st = theme::accent().with_bold();
  if (level == 1) st.underline = true;
  if (level >= 4) st.italic = true;
  return wrap_words(parse_inline(text, st), width);
}

Rows render_list_item(const std::vector<std::string>& lines, int width) {
  std::string_view first = lines[0];
  // Nesting shows as indentation, but never so deep that the text has no room on a narrow screen.
  size_t indent = std::min<size_t>({indent_of(first), 12, static_cast<size_t>(std::max(0, width / 3))});
  std::string_view marker = list_marker(first);
  std::string_view rest = strip_indent(first).substr(marker.size());
  std::vector<std::string_view> body{rest};
  for (size_t i = 1; i < lines.size(); ++i) body.push_back(lines[i]);
  std::string text = join_lines(body);
  std::string_view t = trim(text);
  std::string bullet;
  Style bullet_style = theme::accent();
  if (std::isdigit(static_cast<unsigned char>(marker[0]))) {
    bullet = std::string(marker);
  } else {
    static const char* kBullets[] = {"•", "◦", "▪"};
    bullet = kBullets[(indent / 2) % 3];
  }
  Style text_style;
  if (t.starts_with("[ ] ") || t == "[ ]") {
    bullet = "☐";
    t = trim(t.substr(3));
  } else if (t.starts_with("[x] ") || t.starts_with("[X] ")) {
    bullet = "☑";
    bullet_style = theme::success();
    t = trim(t.substr(3));
    text_style = theme::muted();
  }
  std::string pad(indent, ' ');
  Spans first_prefix{{pad, {}}, {bullet, bullet_style}, {" ", {}}};
  Spans rest_prefix{{std::string(indent + display_width(bullet) + 1, ' '), {}}};
  return wrap_words(parse_inline(t, text_style), width, first_prefix, rest_prefix);
}

Rows render_quote(const std::vector<std::string>& lines, int width) {
  std::vector<std::string> inner;
  std::vector<std::string_view> views;
  for (const auto& line : lines) {
    std::string_view t = strip_indent(line);
    if (t.starts_with(">")) t.remove_prefix(1);
    if (t.starts_with(" ")) t.remove_prefix(1);
    inner.emplace_back(t);
  }
  for (const auto& s : inner) views.push_back(s);
  Spans bar{{"│ ", theme::muted()}};
  return wrap_words(parse_inline(join_lines(views), Style{}.with_italic()), width, bar, bar);
}

/// The cells of a table row; outer pipes dropped, `\|` kept as a pipe.
std::vector<std::string> split_cells(std::string_view line) {
  std::string_view t = trim(line);
  if (t.starts_with("|")) t.remove_prefix(1);
  if (t.ends_with("|") && !t.ends_with("\\|")) t.remove_suffix(1);
  std::vector<std::string> cells(1);
  bool in_code = false;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '\\' && i + 1 < t.size() && t[i + 1] == '|') {
      cells.back() += '|';
      ++i;
    } else if (c == '`') {
      in_code = !in_code;
      cells.back() += c;
    } else if (c == '|' && !in_code) {
      cells.emplace_back();
    } else {
      cells.back() += c;
    }
  }
  for (auto& c : cells) c = std::string(trim(c));
  return cells;
}

enum class Align { kLeft, kCenter, kRight };

/// Columns of the widest word (a run without spaces) in the spans.
int longest_word_width(const Spans& spans) {
  int longest = 0, run = 0;
  for (const auto& span : spans) {
    std::string_view t = span.text;
    for (size_t i = 0; i < t.size();) {
      size_t n = cluster_length(t, i);
      run = t[i] == ' ' ? 0 : run + display_width(t.substr(i, n));
      longest = std::max(longest, run);
      i += n;
    }
  }
  return longest;
}

Row pad_cell(const Row& content, int width, Align align) {
  int space = std::max(0, width - content.width);
  int left = align == Align::kRight ? space : align == Align::kCenter ? space / 2 : 0;
  return {std::string(left, ' ') + content.text + std::string(space - left, ' '), width};
}

}  // namespace

std::string expand_tabs(std::string_view line) {
  if (line.find('\t') == std::string_view::npos) return std::string(line);
  std::string out;
  int col = 0;
  for (size_t i = 0; i < line.size();) {
    if (line[i] == '\t') {
      int n = 4 - col % 4;
      out.append(n, ' ');
      col += n;
      ++i;
      continue;
    }
    size_t n = cluster_length(line, i);
    out.append(line.substr(i, n));
    col += display_width(line.substr(i, n));
    i += n;
  }
  return out;
}

bool parse_fence(std::string_view line, Fence* fence) {
  size_t indent = indent_of(line);
  std::string_view t = strip_indent(line);
  if (t.size() < 3 || (t[0] != '`' && t[0] != '~')) return false;
  size_t n = 0;
  while (n < t.size() && t[n] == t[0]) ++n;
  if (n < 3) return false;
  std::string_view info = trim(t.substr(n));
  if (t[0] == '`' && info.find('`') != std::string_view::npos) return false;
  if (fence) *fence = Fence{t[0], n, indent, std::string(info)};
  return true;
}

bool closes_fence(std::string_view line, const Fence& open) {
  std::string_view t = trim(line);
  if (t.size() < open.length) return false;
  for (char c : t)
    if (c != open.ch) return false;
  return true;
}

bool is_table_delimiter(std::string_view line) {
  std::string_view t = trim(line);
  if (t.empty() || t.find('-') == std::string_view::npos) return false;
  if (t.find('|') == std::string_view::npos) return false;
  for (char c : t)
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  return true;
}

LineKind classify_line(std::string_view line) {
  std::string_view t = trim(line);
  if (t.empty()) return LineKind::kBlank;
  if (parse_fence(line, nullptr)) return LineKind::kFence;
  if (heading_level(line) > 0) return LineKind::kHeading;
  if (is_rule(line)) return LineKind::kRule;
  if (!list_marker(line).empty()) return LineKind::kListItem;
  if (indent_of(line) <= 3 && t.starts_with(">")) return LineKind::kQuote;
  if (t.starts_with("|")) return LineKind::kTableRow;
  return LineKind::kText;
}

Rows render_table(const std::vector<std::string>& lines, int width) {
  std::vector<std::vector<std::string>> rows;
  std::vector<Align> align;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (i == 1 && is_table_delimiter(lines[i])) {
      for (const auto& cell : split_cells(lines[i])) {
        bool l = cell.starts_with(":"), r = cell.ends_with(":");
        align.push_back(l && r ? Align::kCenter : r ? Align::kRight : Align::kLeft);
      }
      continue;
    }
    rows.push_back(split_cells(lines[i]));
  }
  size_t ncols = 0;
  for (const auto& r : rows) ncols = std::max(ncols, r.size());
  align.resize(ncols, Align::kLeft);
  if (ncols == 0) return {};

  std::vector<std::vector<Spans>> cells(rows.size());
  std::vector<int> widths(ncols, 1);
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t c = 0; c < ncols; ++c) {
      std::string_view text = c < rows[r].size() ? std::string_view(rows[r][c]) : std::string_view();
      cells[r].push_back(parse_inline(text, r == 0 ? Style{}.with_bold() : Style{}));
      widths[c] = std::max(widths[c], spans_width(cells[r].back()));
    }
  }
  int frame = static_cast<int>(3 * ncols + 1);
  const int kMinColumn = 3;
  if (frame + kMinColumn * static_cast<int>(ncols) > width) {
    Rows out;  // too many columns for the terminal: the source, wrapped
    for (const auto& line : lines)
      for (auto& row : wrap_hard({{line, {}}}, width)) out.push_back(std::move(row));
    return out;
  }
  auto total = [&] {
    int t = frame;
    for (int w : widths) t += w;
    return t;
  };
  // Narrow the widest column first, but keep every column at least as wide as its longest word
  // while another can give: a word is broken only when the words cannot all fit.
  std::vector<int> word_floor(ncols, kMinColumn), min_floor(ncols, kMinColumn);
  for (const auto& row : cells)
    for (size_t c = 0; c < ncols; ++c) word_floor[c] = std::max(word_floor[c], longest_word_width(row[c]));
  auto narrow_widest_above = [&](const std::vector<int>& floor) {
    size_t best = ncols;
    for (size_t c = 0; c < ncols; ++c)
      if (widths[c] > floor[c] && (best == ncols || widths[c] > widths[best])) best = c;
    if (best == ncols) return false;
    --widths[best];
    return true;
  };
  while (total() > width && (narrow_widest_above(word_floor) || narrow_widest_above(min_floor))) {
  }

  Style border = theme::muted();
  auto rule = [&](const char* left, const char* mid, const char* right) {
    std::string s = left;
    for (size_t c = 0; c < ncols; ++c) {
      for (int k = 0; k < widths[c] + 2; ++k) s += "─";
      s += c + 1 < ncols ? mid : right;
    }
    return styled_row(s, border);
  };
  Rows out;
  out.push_back(rule("┌", "┬", "┐"));
  for (size_t r = 0; r < rows.size(); ++r) {
    std::vector<Rows> wrapped(ncols);
    size_t height = 1;
    for (size_t c = 0; c < ncols; ++c) {
      wrapped[c] = wrap_words(cells[r][c], widths[c]);
      height = std::max(height, wrapped[c].size());
    }
    for (size_t line = 0; line < height; ++line) {
      Row row = styled_row("│", border);
      for (size_t c = 0; c < ncols; ++c) {
        Row content = line < wrapped[c].size() ? wrapped[c][line] : Row{};
        Row padded = pad_cell(content, widths[c], align[c]);
        row.text += " " + padded.text + " " + sgr(border) + "│" + kReset;
        row.width += padded.width + 3;
      }
      out.push_back(std::move(row));
    }
    if (r == 0 && rows.size() > 1) out.push_back(rule("├", "┼", "┤"));
  }
  out.push_back(rule("└", "┴", "┘"));
  return out;
}

Rows render_block(BlockKind kind, const std::vector<std::string>& lines, int width) {
  if (lines.empty()) return {};
  switch (kind) {
    case BlockKind::kHeading: return render_heading(lines[0], width);
    case BlockKind::kRule: {
      std::string s;
      for (int i = 0; i < std::min(width, 80); ++i) s += "─";
      return {styled_row(s, theme::muted())};
    }
    case BlockKind::kListItem: return render_list_item(lines, width);
    case BlockKind::kQuote: return render_quote(lines, width);
    case BlockKind::kTable: return render_table(lines, width);
    case BlockKind::kParagraph: {
      std::vector<std::string_view> views(lines.begin(), lines.end());
      return wrap_words(parse_inline(join_lines(views)), width);
    }
  }
  return {};
}

}  // namespace pair::tui
