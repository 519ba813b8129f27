#include "tools/html_to_text.h"

#include <gumbo.h>

#include <algorithm>
#include <cctype>
#include <iterator>
#include <vector>

#include "tools/markdown_writer.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace {

/// Past this nesting, a subtree is written as plain text (no recursion).
constexpr int kMaxDepth = 256;
/// gumbo's tree building takes time quadratic in the nesting depth (200,000
/// nested <div>s: minutes); real pages nest a few dozen deep. Markup past
/// this depth is not parsed.
constexpr int kMaxMarkupDepth = 3000;

/// Where the markup first nests deeper than `max_depth`, by a quick count of
/// start and end tags (elements that never nest or whose end tag is
/// optional do not count); html.size() when it never does.
size_t depth_cut(std::string_view html, int max_depth) {
  static constexpr std::string_view kFlat[] = {
      "area",     "base",  "br",    "col",   "embed",    "hr", "img", "input", "link", "meta", "param",
      "source",   "track", "wbr",   "p",     "li",       "dt", "dd",  "tr",    "td",   "th",   "option",
      "optgroup", "thead", "tbody", "tfoot", "colgroup", "rb", "rt",  "rp",    "html", "head", "body"};
  int depth = 0;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    size_t start = i++;
    if (html.substr(start, 4) == "<!--") {
      size_t end = html.find("-->", start + 4);
      if (end == std::string_view::npos) break;
      i = end + 3;
      continue;
    }
    bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    size_t name_end = i;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) ++name_end;
    if (name_end == i) continue;
    std::string name = to_lower(html.substr(i, name_end - i));
    size_t tag_end = html.find('>', name_end);
    if (tag_end == std::string_view::npos) break;
    i = tag_end + 1;
    if (!closing && (name == "script" || name == "style" || name == "textarea" || name == "title")) {
      size_t end = to_lower(html.substr(i, std::min<size_t>(html.size() - i, 1 << 20))).find("</" + name);
      i = end == std::string::npos ? html.size() : i + end;
      continue;
    }
    if (std::find(std::begin(kFlat), std::end(kFlat), name) != std::end(kFlat) || html[tag_end - 1] == '/') continue;
    if (closing) {
      depth = std::max(0, depth - 1);
    } else if (++depth > max_depth) {
      return start;
    }
  }
  return html.size();
}

const GumboVector* children_of(const GumboNode* n) {
  if (n->type == GUMBO_NODE_DOCUMENT) return &n->v.document.children;
  if (n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE) return &n->v.element.children;
  return nullptr;
}

const GumboNode* child(const GumboVector* v, unsigned i) {
  return static_cast<const GumboNode*>(v->data[i]);
}

std::string attribute(const GumboNode* n, const char* name) {
  if (n->type != GUMBO_NODE_ELEMENT) return "";
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? a->value : "";
}

GumboTag tag_of(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT ? n->v.element.tag : GUMBO_TAG_UNKNOWN;
}

/// Every text node below `root`, in order, without recursion.
std::string plain_text(const GumboNode* root) {
  std::string out;
  std::vector<std::pair<const GumboNode*, unsigned>> stack{{root, 0}};
  while (!stack.empty()) {
    auto& [node, next] = stack.back();
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA || node->type == GUMBO_NODE_WHITESPACE) {
      out += node->v.text.text;
      stack.pop_back();
      continue;
    }
    const GumboVector* kids = children_of(node);
    if (!kids || next >= kids->length) {
      stack.pop_back();
      continue;
    }
    const GumboNode* c = child(kids, next++);
    stack.emplace_back(c, 0);
  }
  return out;
}

/// Depth-first search without recursion for the first element matching `pred`.
template <class Pred>
std::vector<const GumboNode*> find_all(const GumboNode* root, Pred pred, size_t limit) {
  std::vector<const GumboNode*> found;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty() && found.size() < limit) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (n->type == GUMBO_NODE_ELEMENT && pred(n)) {
      found.push_back(n);
      continue;
    }
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = kids->length; i-- > 0;) stack.push_back(child(kids, i));
  }
  return found;
}

std::string collapse(std::string_view s) {
  MarkdownWriter w;
  w.text(s);
  return w.take();
}

class Renderer {
 public:
  explicit Renderer(std::string base) : base_(std::move(base)) {}

  void render(const GumboNode* n, MarkdownWriter& w, int depth) {
    switch (n->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        if (pre_ > 0)
          w.raw(n->v.text.text);
        else
          w.text(n->v.text.text);
        return;
      case GUMBO_NODE_COMMENT:
      case GUMBO_NODE_TEMPLATE: return;
      case GUMBO_NODE_DOCUMENT: children(n, w, depth); return;
      case GUMBO_NODE_ELEMENT: break;
    }
    if (depth > kMaxDepth) {
      w.text(plain_text(n));
      return;
    }
    if (skipped(n)) return;
    element(n, w, depth);
  }

  void children(const GumboNode* n, MarkdownWriter& w, int depth) {
    if (const GumboVector* kids = children_of(n))
      for (unsigned i = 0; i < kids->length; ++i) render(child(kids, i), w, depth + 1);
  }

  /// The children as one line of text.
  std::string inline_text(const GumboNode* n, int depth, bool* lead = nullptr, bool* trail = nullptr) {
    MarkdownWriter sub;
    children(n, sub, depth);
    if (lead) *lead = sub.leading_space();
    if (trail) *trail = sub.trailing_space();
    return collapse(sub.take());
  }

 private:
  bool skipped(const GumboNode* n) const {
    switch (tag_of(n)) {
      case GUMBO_TAG_SCRIPT:
      case GUMBO_TAG_STYLE:
      case GUMBO_TAG_NOSCRIPT:
      case GUMBO_TAG_TEMPLATE:
      case GUMBO_TAG_HEAD:
      case GUMBO_TAG_NAV:
      case GUMBO_TAG_ASIDE:
      case GUMBO_TAG_FORM:
      case GUMBO_TAG_INPUT:
      case GUMBO_TAG_SELECT:
      case GUMBO_TAG_TEXTAREA:
      case GUMBO_TAG_BUTTON:
      case GUMBO_TAG_SVG:
      case GUMBO_TAG_MATH:
      case GUMBO_TAG_IFRAME:
      case GUMBO_TAG_OBJECT:
      case GUMBO_TAG_EMBED:
      case GUMBO_TAG_CANVAS:
      case GUMBO_TAG_AUDIO:
      case GUMBO_TAG_VIDEO:
      case GUMBO_TAG_MENU: return true;
      // A site's header and footer are chrome; an article's are content.
      case GUMBO_TAG_HEADER:
      case GUMBO_TAG_FOOTER: return sectioning_ == 0;
      default: break;
    }
    if (gumbo_get_attribute(&n->v.element.attributes, "hidden")) return true;
    if (attribute(n, "aria-hidden") == "true") return true;
    std::string role = to_lower(attribute(n, "role"));
    if (role == "navigation" || role == "banner" || role == "contentinfo" || role == "complementary" ||
        role == "search" || role == "dialog" || role == "menu" || role == "menubar")
      return true;
    std::string style = to_lower(attribute(n, "style"));
    style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
    return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
  }

  void element(const GumboNode* n, MarkdownWriter& w, int depth) {
    GumboTag tag = tag_of(n);
    switch (tag) {
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: {
        std::string text = inline_text(n, depth);
        if (text.empty()) return;
        w.block_break();
        w.markup(std::string(static_cast<size_t>(tag - GUMBO_TAG_H1 + 1), '#') + " " + text);
        w.block_break();
        return;
      }
      case GUMBO_TAG_BR: w.line_break(); return;
      case GUMBO_TAG_HR:
        w.block_break();
        w.markup("---");
        w.block_break();
        return;
      case GUMBO_TAG_A: link(n, w, depth); return;
      case GUMBO_TAG_IMG: image(n, w); return;
      case GUMBO_TAG_CODE:
      case GUMBO_TAG_KBD:
      case GUMBO_TAG_SAMP:
      case GUMBO_TAG_TT:
        if (pre_ == 0) {
          inline_code(n, w, depth);
          return;
        }
        break;
      case GUMBO_TAG_PRE: preformatted(n, w, depth); return;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL: list(n, w, depth); return;
      case GUMBO_TAG_LI:  // outside a list
        w.line_break();
        w.marker("- ");
        children(n, w, depth);
        w.line_break();
        return;
      case GUMBO_TAG_TABLE: table(n, w, depth); return;
      case GUMBO_TAG_BLOCKQUOTE:
        w.block_break();
        w.push_prefix("> ");
        children(n, w, depth);
        w.pop_prefix();
        w.block_break();
        return;
      case GUMBO_TAG_DT:
        w.line_break();
        children(n, w, depth);
        w.line_break();
        return;
      case GUMBO_TAG_DD:
        w.line_break();
        w.push_prefix("  ");
        w.marker("  ");
        children(n, w, depth);
        w.pop_prefix();
        w.line_break();
        return;
      case GUMBO_TAG_ARTICLE:
      case GUMBO_TAG_MAIN:
      case GUMBO_TAG_SECTION:
        ++sectioning_;
        w.block_break();
        children(n, w, depth);
        w.block_break();
        --sectioning_;
        return;
      default: break;
    }
    if (is_block(tag)) {
      bool paragraph = is_paragraph(tag);
      paragraph ? w.block_break() : w.line_break();
      children(n, w, depth);
      paragraph ? w.block_break() : w.line_break();
      return;
    }
    children(n, w, depth);
  }

  static bool is_paragraph(GumboTag t) {
    switch (t) {
      case GUMBO_TAG_P:
      case GUMBO_TAG_DL:
      case GUMBO_TAG_FIGURE:
      case GUMBO_TAG_ADDRESS:
      case GUMBO_TAG_DETAILS:
      case GUMBO_TAG_FIELDSET:
      case GUMBO_TAG_CAPTION: return true;
      default: return false;
    }
  }

  static bool is_block(GumboTag t) {
    if (is_paragraph(t)) return true;
    switch (t) {
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_BODY:
      case GUMBO_TAG_HTML:
      case GUMBO_TAG_CENTER:
      case GUMBO_TAG_FIGCAPTION:
      case GUMBO_TAG_SUMMARY:
      case GUMBO_TAG_TR:
      case GUMBO_TAG_OPTION:
      case GUMBO_TAG_LEGEND:
      case GUMBO_TAG_HGROUP: return true;
      default: return false;
    }
  }

  std::string resolve(const std::string& href) const {
    return base_.empty() ? href : resolve_url_reference(base_, href);
  }

  void link(const GumboNode* n, MarkdownWriter& w, int depth) {
    bool lead = false, trail = false;
    std::string text = inline_text(n, depth, &lead, &trail);
    std::string href = std::string(trim(attribute(n, "href")));
    std::string lower = to_lower(href);
    if (lead) w.space();
    if (href.empty() || href.starts_with("#") || lower.starts_with("javascript:") || lower.starts_with("data:")) {
      w.text(text);
    } else if (!text.empty()) {
      std::string url = resolve(href);
      w.markup(text == url ? "<" + url + ">" : "[" + replace_all(text, "]", "\\]") + "](" + url + ")");
    }
    if (trail) w.space();
  }

  void image(const GumboNode* n, MarkdownWriter& w) {
    std::string alt = collapse(attribute(n, "alt"));
    if (alt.empty()) return;
    std::string src = std::string(trim(attribute(n, "src")));
    if (src.empty() || to_lower(src).starts_with("data:"))
      w.markup("[image: " + alt + "]");
    else
      w.markup("![" + alt + "](" + resolve(src) + ")");
  }

  void inline_code(const GumboNode* n, MarkdownWriter& w, int depth) {
    bool lead = false, trail = false;
    std::string code = inline_text(n, depth, &lead, &trail);
    if (code.empty()) return;
    if (lead) w.space();
    std::string tick = code.find('`') == std::string::npos ? "`" : "``";
    std::string pad = tick.size() > 1 ? " " : "";
    w.markup(tick + pad + code + pad + tick);
    if (trail) w.space();
  }

  void preformatted(const GumboNode* n, MarkdownWriter& w, int depth) {
    std::string lang;
    for (const GumboNode* c : {n, first_code_child(n)}) {
      if (!c) continue;
      for (const std::string& cls : split(attribute(c, "class"), ' ')) {
        for (std::string_view p : {"language-", "lang-"})
          if (cls.starts_with(p)) lang = cls.substr(p.size());
      }
    }
    MarkdownWriter sub;
    ++pre_;
    children(n, sub, depth);
    --pre_;
    std::string code = sub.take();
    while (code.starts_with("\n")) code.erase(0, 1);
    std::string fence = code.find("```") == std::string::npos ? "```" : "~~~~";
    w.block_break();
    w.markup(fence + lang);
    w.line_break();
    w.raw(code);
    w.line_break();
    w.markup(fence);
    w.block_break();
  }

  static const GumboNode* first_code_child(const GumboNode* n) {
    const GumboVector* kids = children_of(n);
    for (unsigned i = 0; kids && i < kids->length; ++i)
      if (tag_of(child(kids, i)) == GUMBO_TAG_CODE) return child(kids, i);
    return nullptr;
  }

  void list(const GumboNode* n, MarkdownWriter& w, int depth) {
    bool ordered = tag_of(n) == GUMBO_TAG_OL;
    long number = 1;
    if (std::string start = attribute(n, "start"); ordered && !start.empty())
      number = std::strtol(start.c_str(), nullptr, 10);
    lists_ == 0 ? w.block_break() : w.line_break();
    ++lists_;
    const GumboVector* kids = children_of(n);
    for (unsigned i = 0; i < kids->length; ++i) {
      const GumboNode* item = child(kids, i);
      if (tag_of(item) != GUMBO_TAG_LI) {
        render(item, w, depth + 1);
        continue;
      }
      if (skipped(item)) continue;
      std::string mark = ordered ? std::to_string(number++) + ". " : "- ";
      w.line_break();
      w.marker(mark);
      w.push_prefix(std::string(mark.size(), ' '));
      children(item, w, depth + 1);
      w.pop_prefix();
      w.line_break();
    }
    --lists_;
    lists_ == 0 ? w.block_break() : w.line_break();
  }

  /// The rows of a table (through thead, tbody, tfoot), each a list of cells.
  static std::vector<std::vector<const GumboNode*>> table_rows(const GumboNode* table) {
    std::vector<std::vector<const GumboNode*>> rows;
    auto add_row = [&rows](const GumboNode* tr) {
      std::vector<const GumboNode*> cells;
      const GumboVector* kids = children_of(tr);
      for (unsigned i = 0; i < kids->length; ++i) {
        GumboTag t = tag_of(child(kids, i));
        if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) cells.push_back(child(kids, i));
      }
      if (!cells.empty()) rows.push_back(std::move(cells));
    };
    const GumboVector* kids = children_of(table);
    for (unsigned i = 0; i < kids->length; ++i) {
      const GumboNode* c = child(kids, i);
      GumboTag t = tag_of(c);
      if (t == GUMBO_TAG_TR) add_row(c);
      if (t == GUMBO_TAG_THEAD || t == GUMBO_TAG_TBODY || t == GUMBO_TAG_TFOOT) {
        const GumboVector* body = children_of(c);
        for (unsigned j = 0; j < body->length; ++j)
          if (tag_of(child(body, j)) == GUMBO_TAG_TR) add_row(child(body, j));
      }
    }
    return rows;
  }

  void table(const GumboNode* n, MarkdownWriter& w, int depth) {
    auto rows = table_rows(n);
    size_t columns = 0;
    for (const auto& r : rows) columns = std::max(columns, r.size());
    const GumboVector* kids = children_of(n);
    for (unsigned i = 0; i < kids->length; ++i)
      if (tag_of(child(kids, i)) == GUMBO_TAG_CAPTION) render(child(kids, i), w, depth + 1);
    if (columns <= 1) {  // a layout table: its cells are ordinary blocks
      for (const auto& r : rows) {
        w.block_break();
        children(r[0], w, depth + 2);
        w.block_break();
      }
      return;
    }
    ++cells_;
    std::vector<std::vector<std::string>> text;
    for (const auto& r : rows) {
      std::vector<std::string> cells;
      for (const GumboNode* cell : r) cells.push_back(replace_all(inline_text(cell, depth + 2), "|", "\\|"));
      text.push_back(std::move(cells));
    }
    --cells_;
    if (cells_ > 0) {  // a table inside a table cell: one line
      std::vector<std::string> lines;
      for (auto& cells : text) lines.push_back(join(cells, ", "));
      w.text(" " + join(lines, "; ") + " ");
      return;
    }
    w.block_break();
    for (size_t r = 0; r < text.size(); ++r) {
      text[r].resize(columns);
      w.markup("| " + join(text[r], " | ") + " |");
      w.line_break();
      if (r == 0) {
        std::vector<std::string> rule(columns, "---");
        w.markup("| " + join(rule, " | ") + " |");
        w.line_break();
      }
    }
    w.block_break();
  }

  std::string base_;
  int pre_ = 0;
  int lists_ = 0;
  int cells_ = 0;
  int sectioning_ = 0;
};

/// What to render: the page's main content when it marks one, else <body>.
const GumboNode* content_root(const GumboNode* root) {
  auto mains = find_all(
      root, [](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_MAIN || to_lower(attribute(n, "role")) == "main"; },
      2);
  if (mains.size() == 1 && collapse(plain_text(mains[0])).size() >= 200) return mains[0];
  auto articles = find_all(
      root, [](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_ARTICLE; }, 2);
  if (articles.size() == 1 && collapse(plain_text(articles[0])).size() >= 200) return articles[0];
  return root;
}

}  // namespace

HtmlText html_to_text(std::string_view html, std::string_view base_url) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;
  HtmlText result;
  size_t parsed = depth_cut(html, kMaxMarkupDepth);
  result.cut_for_depth = parsed < html.size();
  GumboOutput* output = gumbo_parse_with_options(&options, html.data(), parsed);
  std::string base(base_url);
  auto heads = find_all(
      output->root, [](const GumboNode* n) { return tag_of(n) == GUMBO_TAG_TITLE || tag_of(n) == GUMBO_TAG_BASE; }, 4);
  for (const GumboNode* n : heads) {
    if (tag_of(n) == GUMBO_TAG_TITLE && result.title.empty()) result.title = collapse(plain_text(n));
    if (tag_of(n) == GUMBO_TAG_BASE && !attribute(n, "href").empty())
      base = base.empty() ? attribute(n, "href") : resolve_url_reference(base, attribute(n, "href"));
  }
  Renderer renderer(base);
  MarkdownWriter w;
  const GumboNode* root = content_root(output->root);
  if (root == output->root)
    renderer.children(root, w, 0);
  else
    renderer.render(root, w, 0);
  result.text = w.take();
  gumbo_destroy_output(&options, output);
  return result;
}

}  // namespace pair
