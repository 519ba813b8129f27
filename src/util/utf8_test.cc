#include "util/utf8.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(Utf8, SafeCutStepsBackToACharacterStart) {
  std::string s = "a\xC3\xA9\xF0\x9F\x98\x80";  // a é 😀
  EXPECT_EQ(utf8_safe_cut(s, 2), 1u);
  EXPECT_EQ(utf8_safe_cut(s, 3), 3u);
  EXPECT_EQ(utf8_safe_cut(s, 5), 3u);
  EXPECT_EQ(utf8_safe_cut(s, 100), s.size());
}

TEST(Utf8, SanitizeReplacesInvalidBytes) {
  EXPECT_EQ(utf8_sanitize("ok\xFFok"), "ok\xEF\xBF\xBDok");
  EXPECT_EQ(utf8_sanitize("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_TRUE(utf8_valid("h\xC3\xA9llo"));
  EXPECT_FALSE(utf8_valid("\xED\xA0\x80"));  // surrogate
}

}  // namespace
}  // namespace pair
