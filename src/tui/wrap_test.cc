#include "tui/wrap.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "tui/text_width.h"

namespace pair::tui {
namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

/// The words of the rows, each row's prefix removed.
std::vector<std::string> words_of(const Rows& rows, int first_prefix, int rest_prefix) {
  std::string all;
  for (size_t i = 0; i < rows.size(); ++i) {
    std::string plain = strip_escapes(rows[i].text);
    all += plain.substr(static_cast<size_t>(i == 0 ? first_prefix : rest_prefix)) + "\n";
  }
  return words_of(all);
}

TEST(WrapWords, NeverSplitsAWordThatFitsOnARow) {
  // Random prose cut into differently styled spans (inline markup) at random places, words of
  // several scripts (wide characters, combining marks), prefixes of two widths: every word that fits
  // a row stays whole, and no row is wider than the width.
  const std::vector<std::string> vocabulary = {"a",        "column", "terminal", "for",    "sure", "120",
                                               "café",     "naïve",  "中文",     "表格线", "x—y",  "don't",
                                               "e\u0301t", "(word)", "wrap.",    "it's",   "🙂ok", "end"};
  std::mt19937 rng(15);
  for (int round = 0; round < 400; ++round) {
    int width = 12 + static_cast<int>(rng() % 70);
    std::string text;
    int n = 1 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      if (i > 0) text += rng() % 10 == 0 ? "  " : " ";
      text += vocabulary[rng() % vocabulary.size()];
    }
    Spans spans;
    for (size_t at = 0; at < text.size();) {
      size_t len = std::min(text.size() - at, size_t{1} + rng() % 9);
      while (at + len < text.size() && (static_cast<unsigned char>(text[at + len]) & 0xC0) == 0x80) ++len;
      Style style = spans.size() % 2 ? Style{}.with_bold() : Style{};
      spans.push_back({text.substr(at, len), style});
      at += len;
    }
    int first = static_cast<int>(rng() % 4), rest = static_cast<int>(rng() % 6);
    Rows rows = wrap_words(spans, width, {{std::string(first, '>'), {}}}, {{std::string(rest, ' '), {}}});
    EXPECT_EQ(words_of(rows, first, rest), words_of(text)) << "width " << width << ": " << text;
    for (const auto& r : rows) EXPECT_LE(r.width, width) << strip_escapes(r.text);
  }
}

TEST(WrapWords, BreaksOnlyAWordLongerThanTheRow) {
  Rows rows = wrap_words({{"see internationalization now", {}}}, 10);
  std::vector<std::string> got;
  for (const auto& r : rows) got.push_back(strip_escapes(r.text));
  EXPECT_EQ(got, (std::vector<std::string>{"see", "internatio", "nalization", "now"}));
}

TEST(WrapWords, APhraseSplitAtTheEdgeKeepsItsWords) {
  // The line the issue reported split as "… 120 column t" / "erminal for sure".
  std::string line = "This long line of prose is written to show that it fits in a wide 120 column terminal for sure";
  Rows rows = wrap_words({{line, {}}}, 80);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(strip_escapes(rows[0].text),
            "This long line of prose is written to show that it fits in a wide 120 column");
  EXPECT_EQ(strip_escapes(rows[1].text), "terminal for sure");
}

TEST(WrapHard, CodeMayBreakAtTheEdge) {
  Rows rows = wrap_hard({{"int terminal = 120;", {}}}, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(strip_escapes(rows[0].text), "int termin");
  EXPECT_EQ(strip_escapes(rows[1].text), "al = 120;");
}

}  // namespace
}  // namespace pair::tui
