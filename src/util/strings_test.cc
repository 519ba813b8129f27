#include "util/strings.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(GroupedNumber, PutsACommaBetweenGroupsOfThree) {
  EXPECT_EQ(grouped_number(0), "0");
  EXPECT_EQ(grouped_number(999), "999");
  EXPECT_EQ(grouped_number(1000), "1,000");
  EXPECT_EQ(grouped_number(12345), "12,345");
  EXPECT_EQ(grouped_number(1234567), "1,234,567");
  EXPECT_EQ(grouped_number(-1234), "-1,234");
  EXPECT_EQ(grouped_number(-123), "-123");
}

TEST(Strings, FirstLineIsTrimmedAndMarksWhatFollows) {
  EXPECT_EQ(first_line("  one  "), "one");
  EXPECT_EQ(first_line("\n\n  one \ntwo"), "one");
  EXPECT_EQ(first_line("one \ntwo", " …"), "one …");
  EXPECT_EQ(first_line("one\n\n", " …"), "one");  // nothing follows but blank lines
  EXPECT_EQ(first_line(""), "");
}

}  // namespace
}  // namespace pair
