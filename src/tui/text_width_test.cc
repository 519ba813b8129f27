#include "tui/text_width.h"

#include <gtest/gtest.h>

#include "tui/wrap.h"

namespace pair::tui {
namespace {

TEST(TextWidth, CountsColumnsOfWideAndZeroWidthCharacters) {
  EXPECT_EQ(display_width("abc"), 3);
  EXPECT_EQ(display_width("日本"), 4);
  EXPECT_EQ(display_width("👍"), 2);
  EXPECT_EQ(display_width("e\u0301"), 1);  // e + combining acute
  EXPECT_EQ(display_width("\x1b[1;32mok\x1b[0m"), 2);
  EXPECT_EQ(display_width("\x1b]8;;http://x\x07link\x1b]8;;\x07"), 4);
}

TEST(TextWidth, ClustersKeepModifiersWithTheirBase) {
  std::string s = "e\u0301x";
  EXPECT_EQ(cluster_length(s, 0), 3u);
  std::string thumbs = "👍🏽!";  // skin tone modifier
  EXPECT_EQ(cluster_length(thumbs, 0), 8u);
  std::string family = "👨\u200d👩";
  EXPECT_EQ(cluster_length(family, 0), family.size());
}

TEST(TextWidth, InvalidUtf8DecodesAsReplacement) {
  std::string s = "\xff\xc3";
  EXPECT_EQ(decode_utf8(s, 0).value, 0xFFFDu);
  EXPECT_EQ(decode_utf8(s, 0).length, 1u);
  EXPECT_EQ(decode_utf8(s, 1).value, 0xFFFDu);  // cut-off sequence
  EXPECT_EQ(decode_utf8(s, 1).length, 1u);
}

TEST(TextWidth, Truncates) {
  EXPECT_EQ(truncate_to_width("hello world", 5), "hell…");
  EXPECT_EQ(truncate_to_width("日本語", 4), "日…");
  EXPECT_EQ(truncate_to_width("abc", 3), "abc");
}

TEST(Wrap, WordsFitTheWidthAndPrefixesRepeat) {
  Rows rows = wrap_words({{"the quick brown fox jumps over the lazy dog", {}}}, 12, {{"- ", {}}}, {{"  ", {}}});
  std::vector<std::string> plain;
  for (const auto& r : rows) {
    EXPECT_LE(r.width, 12);
    plain.push_back(strip_escapes(r.text));
  }
  EXPECT_EQ(plain, (std::vector<std::string>{"- the quick", "  brown fox", "  jumps over", "  the lazy", "  dog"}));
}

TEST(Wrap, LongWordsBreakAndWideCharactersNeverOverflow) {
  Rows rows = wrap_words({{"aaaaaaaaaaaaaaaaaaaa 日本語日本語日本語", {}}}, 7);
  for (const auto& r : rows) EXPECT_LE(r.width, 7) << r.text;
  EXPECT_EQ(strip_escapes(rows[0].text), "aaaaaaa");
  Rows hard = wrap_hard({{"ab  cd", {}}}, 3);
  ASSERT_EQ(hard.size(), 2u);
  EXPECT_EQ(strip_escapes(hard[0].text), "ab ");
  EXPECT_EQ(strip_escapes(hard[1].text), " cd");
}

TEST(Wrap, ControlCharactersAreShownAndCounted) {
  // Raw escapes or carriage returns in a model's text must not reach the terminal.
  Row r = make_row({{"a\x1b[31mb\rc\td", {}}});
  EXPECT_EQ(r.text.find('\r'), std::string::npos);
  EXPECT_EQ(r.text.find("\x1b[31m"), std::string::npos);
  EXPECT_EQ(r.width, 11);  // each control shows as one column
  for (const auto& row : wrap_words({{"\x1b[1m\x1b[1m\x1b[1m\x1b[1m", {}}}, 6)) EXPECT_LE(row.width, 6) << row.text;
  EXPECT_EQ(plain_width(truncate_to_width("\x1b\x1b\x1b\x1b\x1b", 3)), 3);
}

TEST(Wrap, NewlinesBreakRows) {
  Rows rows = wrap_words({{"a\nb", {}}}, 10);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(strip_escapes(rows[1].text), "b");
}

TEST(TextWidth, TruncateMiddleKeepsTheCause) {
  std::string notice = "  · retrying (up to 3×): cannot connect to http://localhost:8004/v1: Connection refused";
  std::string row = truncate_middle_to_width(notice, 40);
  EXPECT_LE(plain_width(row), 40);
  EXPECT_TRUE(row.starts_with("  · retrying")) << row;
  EXPECT_TRUE(row.ends_with("Connection refused")) << row;
  EXPECT_EQ(truncate_middle_to_width("short", 40), "short");
  std::string wide = "寫入失敗：" + std::string(60, 'x') + "/src/檔案.cc";
  std::string cut = truncate_middle_to_width(wide, 30);
  EXPECT_LE(plain_width(cut), 30);
  EXPECT_TRUE(cut.ends_with("/src/檔案.cc")) << cut;
}

}  // namespace
}  // namespace pair::tui
