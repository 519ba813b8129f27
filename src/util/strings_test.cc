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

}  // namespace
}  // namespace pair
