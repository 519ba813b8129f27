#include "tools/html_to_text.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace pair {
namespace {

std::string text_of(std::string_view html, std::string_view base = "http://example.com/dir/page.html") {
  return html_to_text(html, base).text;
}

TEST(HtmlToText, DropsScriptsStylesAndPageChrome) {
  auto page = html_to_text(R"(<html><head><title> A &amp; B </title><style>p{}</style>
    <script>var s = "<p>no</p>";</script></head><body>
    <nav><a href="/">Home</a></nav><header><h1>Site</h1></header><aside>Sidebar</aside>
    <p>Body text.</p><form><input value="x"><button>Go</button></form>
    <div hidden>hidden</div><div style="display: none">gone</div><div aria-hidden="true">aria</div>
    <div role="navigation">menu</div><footer>Footer</footer><noscript>enable js</noscript></body></html>)",
                           "");
  EXPECT_EQ(page.title, "A & B");
  EXPECT_EQ(page.text, "Body text.");
}

TEST(HtmlToText, HeadingsParagraphsEntitiesAndLinks) {
  std::string t = text_of(
      "<h2>Install  <small>now</small></h2><p>Use &lt;b&gt; &amp; &quot;q&quot; &eacute;&#x1F600;&nbsp;x. "
      "See <a href='../guide.html'>the guide</a>, <a href='#top'>top</a>, <a href='javascript:void(0)'>js</a>, "
      "<a href='https://x.org/'>https://x.org/</a>.</p><p>Line<br>break</p>");
  EXPECT_EQ(t,
            "## Install now\n\n"
            "Use <b> & \"q\" \xC3\xA9\xF0\x9F\x98\x80 x. See [the guide](http://example.com/guide.html), top, js, "
            "<https://x.org/>.\n\n"
            "Line\nbreak");
}

TEST(HtmlToText, CodeBlocksKeepTheirWhitespace) {
  std::string t = text_of(
      "<p>Call <code>f(a,  b)</code> or <code>`x`</code>.</p>"
      "<pre><code class=\"language-cpp\">int main() {\n  return 0;  // kept\n}\n</code></pre>");
  EXPECT_EQ(t, "Call `f(a, b)` or `` `x` ``.\n\n```cpp\nint main() {\n  return 0;  // kept\n}\n```");
}

TEST(HtmlToText, NestedListsAndQuotes) {
  std::string t = text_of(
      "<ul><li>one<li>two<ul><li>two a</li></ul><li><p>three</p><p>more</p></ul>"
      "<ol start=3><li>c</li><li>d</li></ol><blockquote><p>q1</p><p>q2</p></blockquote>");
  EXPECT_EQ(t, "- one\n- two\n  - two a\n- three\n\n  more\n\n3. c\n4. d\n\n> q1\n>\n> q2");
}

TEST(HtmlToText, TablesNestedTablesAndLayoutTables) {
  std::string t = text_of(
      "<table><caption>Versions</caption><thead><tr><th>V</th><th>Notes</th></tr></thead>"
      "<tbody><tr><td>1|0</td><td>first <b>one</b></td></tr>"
      "<tr><td>1.1</td><td><table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table></td></tr>"
      "<tr><td>short</td></tr></tbody></table>"
      "<table><tr><td><p>layout cell</p></td></tr><tr><td>second</td></tr></table>");
  EXPECT_EQ(t,
            "Versions\n\n| V | Notes |\n| --- | --- |\n| 1\\|0 | first one |\n| 1.1 | a, b; c |\n| short |  |\n\n"
            "layout cell\n\nsecond");
}

TEST(HtmlToText, BrokenMarkupParsesAsBrowsersDo) {
  std::string t = text_of(
      "<p>Unclosed <b>bold <i>both</b> italic</i> end<p>Second<div>Stray </span> close <x-custom>custom</x-custom>"
      "<table><tr><td>cell<td>cell2</table>trailing &amp text &bogus; <");
  EXPECT_EQ(t,
            "Unclosed bold both italic end\n\nSecond\n\nStray close custom\n\n| cell | cell2 |\n| --- | --- |\n\n"
            "trailing & text &bogus; <");
}

TEST(HtmlToText, MainContentWhenThePageMarksIt) {
  std::string filler(300, 'x');
  std::string t = text_of("<div>Cookie banner</div><main><header><h1>Article</h1></header><p>" + filler +
                          "</p><footer>by me</footer></main><div>Related</div>");
  EXPECT_EQ(t, "# Article\n\n" + filler + "\n\nby me");
  // A short <main> (a shell page) is not trusted: the whole body is read.
  EXPECT_EQ(text_of("<main>Loading</main><p>Real text</p>"), "Loading\n\nReal text");
}

TEST(HtmlToText, ImagesAndBaseHref) {
  auto page = html_to_text(
      "<head><base href='https://cdn.example/assets/'></head><img src='a.png' alt='Diagram'> "
      "<img src='data:image/png;base64,AAAA' alt='Inline'> <img src='b.png'>",
      "http://example.com/");
  EXPECT_EQ(page.text, "![Diagram](https://cdn.example/assets/a.png) [image: Inline]");
}

TEST(HtmlToText, AbsurdNestingIsCutNotSlow) {
  std::string html;
  for (int i = 0; i < 200'000; ++i) html += "<div>";
  html += "deep";
  auto start = std::chrono::steady_clock::now();
  auto page = html_to_text("<p>before</p>" + html, "");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(page.cut_for_depth);
  EXPECT_EQ(page.text, "before");

  std::string nested;  // deep but within the limit: rendered without recursion trouble
  for (int i = 0; i < 2000; ++i) nested += "<span>";
  page = html_to_text(nested + "inner", "");
  EXPECT_FALSE(page.cut_for_depth);
  EXPECT_EQ(page.text, "inner");
}

}  // namespace
}  // namespace pair
