#pragma once
/// HTML to readable Markdown-ish text, with a real HTML5 parser (gumbo): what
/// a model should read of a web page. Scripts, styles, forms and page chrome
/// (nav, site header and footer, asides, hidden elements) are dropped;
/// headings, paragraphs, lists, links, code and tables are kept. When a page
/// marks its main content (<main>, role="main", or a single <article>), only
/// that is rendered.

#include <string>
#include <string_view>

namespace pair {

struct HtmlText {
  std::string title;           ///< <title>, whitespace collapsed; may be empty
  std::string text;            ///< Markdown-ish, blocks separated by blank lines
  bool cut_for_depth = false;  ///< markup nested absurdly deep; the rest was not parsed
};

/// Converts UTF-8 `html`. Links resolve against `base_url` (or the page's
/// <base href>). Never fails: broken markup is parsed as browsers do.
HtmlText html_to_text(std::string_view html, std::string_view base_url);

}  // namespace pair
