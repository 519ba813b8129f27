#include "util/notice_text.h"

#include <gtest/gtest.h>

#include "util/utf8.h"

namespace pair {
namespace {

TEST(ShortenMiddle, ShortTextStaysWhole) {
  EXPECT_EQ(shorten_middle("cannot read src/a.cc", 40), "cannot read src/a.cc");
}

TEST(ShortenMiddle, KeepsTheStartAndTheEnd) {
  std::string text = "cannot write " + std::string(200, 'x') + " /home/me/project/src/deep/file.cc";
  std::string s = shorten_middle(text, 80);
  EXPECT_LE(s.size(), 80u);
  EXPECT_TRUE(s.starts_with("cannot write ")) << s;
  EXPECT_TRUE(s.ends_with("/home/me/project/src/deep/file.cc")) << s;
  EXPECT_NE(s.find("…"), std::string::npos) << s;
}

TEST(ShortenMiddle, NeverCutsACharacter) {
  std::string text;
  for (int i = 0; i < 100; ++i) text += "é€";
  for (size_t max : {10u, 11u, 12u, 13u, 50u, 51u}) {
    std::string s = shorten_middle(text, max);
    EXPECT_LE(s.size(), max);
    EXPECT_TRUE(utf8_valid(s)) << max;
  }
}

TEST(RepeatFilter, ARunOfIdenticalNoticesShowsOnce) {
  RepeatFilter f;
  EXPECT_TRUE(f.is_new("HTTP 503: loading"));
  EXPECT_FALSE(f.is_new("HTTP 503: loading"));
  EXPECT_FALSE(f.is_new("HTTP 503: loading"));
  EXPECT_EQ(f.repeats(), 3);
  EXPECT_TRUE(f.is_new("connection refused"));
  EXPECT_EQ(f.repeats(), 1);
  EXPECT_TRUE(f.is_new("HTTP 503: loading"));
}

}  // namespace
}  // namespace pair
