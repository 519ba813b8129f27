#include "tui/markdown.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <random>
#include <set>
#include <sstream>

#include "tui/markdown_inline.h"
#include "tui/text_width.h"
#include "util/strings.h"

namespace pair::tui {
namespace {

std::string plain(const Rows& rows) {
  std::string out;
  for (const auto& r : rows) out += strip_escapes(r.text) + "\n";
  return out;
}

/// Streams `text` in pieces of random sizes; returns committed + final rows.
Rows stream(std::string_view text, int width, unsigned seed, std::vector<Rows>* live = nullptr) {
  MarkdownStream md(width);
  std::mt19937 rng(seed);
  Rows all;
  for (size_t i = 0; i < text.size();) {
    size_t n = std::min<size_t>(text.size() - i, 1 + rng() % 12);
    md.append(text.substr(i, n));
    i += n;
    for (auto& r : md.take_committed()) all.push_back(std::move(r));
    if (live) live->push_back(md.live_rows());
  }
  md.finish();
  for (auto& r : md.take_committed()) all.push_back(std::move(r));
  return all;
}

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(PAIR_SOURCE_DIR) + "/tests/fixtures/markdown/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(MarkdownInline, Emphasis) {
  auto spans = parse_inline("a **bold** and *it* and `code` and snake_case_name ~~gone~~");
  std::string text;
  for (const auto& s : spans) text += s.text;
  EXPECT_EQ(text, "a bold and it and code and snake_case_name gone");
  auto style_of = [&](std::string_view word) {
    for (const auto& s : spans)
      if (s.text == word) return s.style;
    ADD_FAILURE() << "no span " << word;
    return Style{};
  };
  EXPECT_TRUE(style_of("bold").bold);
  EXPECT_TRUE(style_of("it").italic);
  EXPECT_EQ(style_of("code"), theme::code());
  EXPECT_TRUE(style_of("gone").strike);
}

TEST(MarkdownInline, UnclosedMarkersStayLiteral) {
  std::string text;
  for (const auto& s : parse_inline("**not closed and `open code")) text += s.text;
  EXPECT_EQ(text, "**not closed and `open code");
}

TEST(MarkdownInline, Links) {
  std::string text;
  for (const auto& s : parse_inline("see [the docs](https://x.org/a) or <https://y.org>")) text += s.text;
  EXPECT_EQ(text, "see the docs (https://x.org/a) or https://y.org");
}

TEST(Markdown, Fixtures) {
  for (std::string name : {"basic", "lists", "code", "table", "unclosed_fence"}) {
    std::string source = fixture(name + ".md");
    ASSERT_FALSE(source.empty()) << name;
    std::string got = plain(render_markdown(source, 60));
    if (std::getenv("PAIR_UPDATE_FIXTURES")) {
      std::ofstream(std::string(PAIR_SOURCE_DIR) + "/tests/fixtures/markdown/" + name + ".txt") << got;
      continue;
    }
    std::string expected = fixture(name + ".txt");
    EXPECT_EQ(got, expected) << "fixture " << name << "; got:\n" << got;
  }
}

TEST(Markdown, StreamingCommitsWhatTheWholeTextRenders) {
  for (std::string name : {"basic", "lists", "code", "table", "unclosed_fence"}) {
    std::string source = fixture(name + ".md");
    for (int width : {20, 37, 60, 80, 119}) {
      std::string whole = plain(render_markdown(source, width));
      for (unsigned seed = 1; seed <= 5; ++seed)
        EXPECT_EQ(plain(stream(source, width, seed)), whole) << name << " at " << width << ", seed " << seed;
    }
  }
}

/// The words of rendered rows (bullets, bars and borders are words too).
std::multiset<std::string> words_of(const std::string& text) {
  std::multiset<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.insert(w);
  return out;
}

TEST(Markdown, ProseNeverSplitsAWordThatFitsOnARow) {
  // Paragraphs, list items, quotes and table cells of random words, rendered whole and streamed in
  // random pieces at many widths: every word is drawn whole (none is longer than a row).
  const std::vector<std::string> vocabulary = {"column", "terminal",  "for",  "sure",  "120",    "wrapping",
                                               "café",   "中文字",    "word", "split", "edge",   "rows",
                                               "naïve",  "paragraph", "it's", "(x)",   "spaces", "longer"};
  std::mt19937 rng(2);
  auto sentence = [&](int words) {
    std::string s;
    for (int i = 0; i < words; ++i) s += (i ? " " : "") + vocabulary[rng() % vocabulary.size()];
    return s;
  };
  for (int round = 0; round < 40; ++round) {
    std::string source = sentence(40) + "\n" + sentence(30) + "\n\n- " + sentence(25) + "\n  1. " + sentence(20) +
                         "\n\n> " + sentence(30) + "\n\n| " + sentence(3) + " | " + sentence(2) + " |\n|---|---|\n| " +
                         sentence(12) + " | " + sentence(9) + " |\n\n" + sentence(15) + "\n";
    std::multiset<std::string> words = words_of(source);
    for (const char* markup : {"-", "1.", ">", "|", "|---|---|"}) words.erase(markup);
    for (int width : {26, 33, 47, 61, 78, 80, 97, 118}) {  // from 26 every table column fits its words
      for (unsigned seed = 0; seed <= 2; ++seed) {
        std::string rows = plain(seed == 0 ? render_markdown(source, width) : stream(source, width, seed));
        std::multiset<std::string> drawn = words_of(rows);
        for (const auto& w : words)
          EXPECT_GE(drawn.count(w), words.count(w)) << "'" << w << "' split at width " << width << ":\n" << rows;
      }
    }
  }
}

TEST(Markdown, ATableNarrowsItsColumnsBeforeBreakingAWord) {
  // Both columns are too wide for 27 columns; narrowing them evenly would break "responsibilities"
  // although the first, all one-letter words, can give up more.
  std::string source = "| a b c d e f g h i j k l m n o p | responsibilities of each part |\n|---|---|\n| x | y |\n";
  std::string rows = plain(render_markdown(source, 27));
  EXPECT_NE(rows.find("responsibilities"), std::string::npos) << rows;
  for (const auto& line : split_lines(rows)) EXPECT_LE(display_width(line), 27) << line;
}

TEST(Markdown, ANewWidthRendersTheOpenBlockAtItKeepingWhatWasCommitted) {
  // A resize while an answer streams: the paragraph still being written is drawn at the new width,
  // finished blocks stay as drawn, and the rest renders as if the whole text had been that wide.
  std::string head = "# Heading\n\nfirst paragraph done\n\n";
  std::string open = "the paragraph being written when the terminal narrowed, long enough to wrap";
  MarkdownStream md(120);
  md.append(head + open);
  std::string committed = plain(md.take_committed());
  md.set_width(40);
  EXPECT_EQ(plain(md.live_rows()), "\n" + plain(render_markdown(open, 40)));
  md.append(" again.\n\nNext.\n");
  md.finish();
  EXPECT_EQ(committed + plain(md.take_committed()),
            plain(render_markdown(head, 120)) + "\n" + plain(render_markdown(open + " again.\n\nNext.\n", 40)));
}

TEST(Markdown, LiveRowsShowTheOpenBlockOnly) {
  MarkdownStream md(40);
  md.append("# Title\n\nFirst para");
  EXPECT_EQ(plain(md.take_committed()), "Title\n");
  EXPECT_EQ(plain(md.live_rows()), "\nFirst para\n");
  md.append("graph goes on.\n\n- item");
  EXPECT_EQ(plain(md.take_committed()), "\nFirst paragraph goes on.\n");
  EXPECT_EQ(plain(md.live_rows()), "\n• item\n");
  md.append(" one\n```py\nx = 1");
  EXPECT_EQ(plain(md.take_committed()), "\n• item one\n");
  EXPECT_EQ(plain(md.live_rows()), "  x = 1\n");
}

TEST(Markdown, RowsNeverExceedTheWidth) {
  std::string source = fixture("basic.md") + fixture("lists.md") + fixture("table.md") + fixture("code.md");
  for (int width : {8, 13, 30, 61}) {
    for (const auto& r : render_markdown(source, width)) EXPECT_LE(r.width, width) << width << ": " << r.text;
  }
}

TEST(Markdown, TrailingSpacesAndDeepListsStayOnScreen) {
  // A code span ending in a space at the edge of a quote, and a list item nested deeper than a
  // narrow screen allows: both once drew a row one or more columns too wide.
  for (std::string source : {"> `wide\u4e2d> `", "\t\t\t- deep item"}) {
    for (int width : {9, 10, 12}) {
      for (const auto& r : render_markdown(source, width)) {
        EXPECT_LE(r.width, width) << width << ": " << strip_escapes(r.text);
        EXPECT_EQ(display_width(strip_escapes(r.text)), r.width) << strip_escapes(r.text);
      }
    }
  }
}

TEST(Markdown, AHugeCodeBlockStreamsInLinearTime) {
  // 10,000 lines streamed token by token: every line commits once, the live
  // part stays one line, and the whole thing takes well under a second.
  std::string source = "Here:\n\n```cpp\n";
  for (int i = 0; i < 10000; ++i)
    source += "int value_" + std::to_string(i) + " = compute(" + std::to_string(i) + ");\n";
  source += "```\n\nDone.\n";
  MarkdownStream md(100);
  size_t committed = 0, max_live = 0;
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < source.size(); i += 4) {
    md.append(std::string_view(source).substr(i, 4));
    committed += md.take_committed().size();
    max_live = std::max(max_live, md.live_rows().size());
  }
  md.finish();
  committed += md.take_committed().size();
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(committed, 10000u + 4u);  // "Here:", blank, 10,000 lines, blank, "Done."  minus the hidden fences
  EXPECT_LE(max_live, 2u);
  EXPECT_LT(seconds, 2.0) << "streaming a 10,000-line code block should be linear";
}

TEST(Markdown, AnEndlessParagraphIsCutSoTheOpenBlockStaysSmall) {
  MarkdownStream md(80);
  std::string word = "lorem ipsum dolor sit amet. ";
  size_t max_live = 0;
  for (int i = 0; i < 5000; ++i) {
    md.append(word);
    max_live = std::max(max_live, md.live_rows().size());
  }
  EXPECT_LE(max_live, MarkdownStream::kMaxOpenBytes / 80 * 2);
  md.finish();
  Rows rows = md.take_committed();
  size_t chars = 0;
  for (const auto& r : rows) chars += strip_escapes(r.text).size();
  EXPECT_GT(chars, word.size() * 5000 * 9 / 10);
}

TEST(Markdown, UnclosedFenceEndsWithTheAnswer) {
  EXPECT_EQ(plain(render_markdown("```\nopen\ncode", 40)), "  open\n  code\n");
}

}  // namespace
}  // namespace pair::tui
