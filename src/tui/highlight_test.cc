#include "tui/highlight.h"

#include <gtest/gtest.h>

namespace pair::tui {
namespace {

TEST(Highlight, KeywordsStringsCommentsAcrossLines) {
  const LanguageSpec* py = find_language("python");
  ASSERT_NE(py, nullptr);
  EXPECT_EQ(find_language("c++"), find_language("cpp"));
  EXPECT_EQ(find_language("nonsense"), nullptr);
  HighlightState st;
  Spans a = highlight_line("def f(): return \"s\"  # note", py, st);
  auto style_of = [](const Spans& spans, std::string_view text) {
    for (const auto& s : spans)
      if (s.text == text) return s.style;
    ADD_FAILURE() << "no span " << text;
    return Style{};
  };
  EXPECT_EQ(style_of(a, "def").fg, Color::kMagenta);
  EXPECT_EQ(style_of(a, "\"s\"").fg, Color::kGreen);
  EXPECT_EQ(style_of(a, "# note").fg, Color::kGray);
  const LanguageSpec* cpp = find_language("cpp");
  HighlightState c;
  highlight_line("int x; /* open", cpp, c);
  EXPECT_NE(c.mode, 0);
  Spans b = highlight_line("still */ int y;", cpp, c);
  EXPECT_EQ(c.mode, 0);
  EXPECT_EQ(style_of(b, "still */").fg, Color::kGray);
  EXPECT_EQ(style_of(b, "int").fg, Color::kMagenta);
}

}  // namespace
}  // namespace pair::tui
