#include "util/strings.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(Strings, FirstLineIsTrimmedAndMarksWhatFollows) {
  EXPECT_EQ(first_line("  one  "), "one");
  EXPECT_EQ(first_line("\n\n  one \ntwo"), "one");
  EXPECT_EQ(first_line("one \ntwo", " …"), "one …");
  EXPECT_EQ(first_line("one\n\n", " …"), "one");  // nothing follows but blank lines
  EXPECT_EQ(first_line(""), "");
}

}  // namespace
}  // namespace pair
