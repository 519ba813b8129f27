#include "util/token_count.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(TokenCount, FullFormIsExactWithSeparators) {
  EXPECT_EQ(format_tokens(0), "0");
  EXPECT_EQ(format_tokens(999), "999");
  EXPECT_EQ(format_tokens(4096), "4,096");
  EXPECT_EQ(format_tokens(100000000), "100,000,000");
  EXPECT_EQ(format_tokens(-1234), "-1,234");
}

TEST(TokenCount, ShortFormShowsWindowsAsMultiplesOf1024) {
  EXPECT_EQ(format_tokens_short(4096), "4k");  // not "4.1k"
  EXPECT_EQ(format_tokens_short(8192), "8k");
  EXPECT_EQ(format_tokens_short(32768), "32k");
  EXPECT_EQ(format_tokens_short(131072), "128k");
}

TEST(TokenCount, ShortFormRoundsOtherCountsDown) {
  EXPECT_EQ(format_tokens_short(512), "512");
  EXPECT_EQ(format_tokens_short(1000), "1.0k");
  EXPECT_EQ(format_tokens_short(1250), "1.2k");
  EXPECT_EQ(format_tokens_short(4095), "4.0k");  // never "4.1k", which would be more than it is
  EXPECT_EQ(format_tokens_short(20000), "20.0k");
  EXPECT_EQ(format_tokens_short(150999), "150k");
}

}  // namespace
}  // namespace pair
