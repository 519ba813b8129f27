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

TEST(Utf8, SafeTailSkipsContinuationBytes) {
  std::string s = "a\xC3\xA9\xF0\x9F\x98\x80";  // a é 😀
  EXPECT_EQ(utf8_safe_tail(s, 4), 3u);          // the whole emoji
  EXPECT_EQ(utf8_safe_tail(s, 5), 3u);          // starts inside é: skip its tail
  EXPECT_EQ(utf8_safe_tail(s, 6), 1u);          // é and the emoji
  EXPECT_EQ(utf8_safe_tail(s, 3), s.size());    // inside the emoji: nothing whole
  EXPECT_EQ(utf8_safe_tail(s, 100), 0u);
  EXPECT_EQ(utf8_safe_tail(s, 0), s.size());
  // A piece that starts inside a character: its front is dropped.
  EXPECT_EQ(utf8_safe_tail("\x98\x80z", 3), 2u);
  // Four or more continuation bytes in a row are not one character's rest.
  std::string stray = "\x80\x80\x80\x80\x80z";
  EXPECT_EQ(utf8_safe_tail(stray, stray.size()), 3u);
}

TEST(Utf8, DecodeGivesValueAndLength) {
  std::string s = "a\xC3\xA9\xF0\x9F\x98\x80";
  EXPECT_EQ(decode_utf8(s, 0).value, U'a');
  EXPECT_EQ(decode_utf8(s, 0).length, 1u);
  EXPECT_EQ(decode_utf8(s, 1).value, U'\u00E9');
  EXPECT_EQ(decode_utf8(s, 1).length, 2u);
  EXPECT_EQ(decode_utf8(s, 3).value, U'\U0001F600');
  EXPECT_EQ(decode_utf8(s, 3).length, 4u);
  EXPECT_EQ(decode_utf8(s, s.size()).length, 0u);
}

TEST(Utf8, DecodeMakesEachInvalidByteOneReplacement) {
  for (std::string bad : {"\xFF", "\x80", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82"}) {
    Utf8CodePoint cp = decode_utf8(bad, 0);
    EXPECT_EQ(cp.value, 0xFFFDu) << bad.size();
    EXPECT_EQ(cp.length, 1u) << bad.size();
  }
  EXPECT_TRUE(utf8_continuation('\x80'));
  EXPECT_FALSE(utf8_continuation('\xC3'));
  EXPECT_FALSE(utf8_continuation('a'));
}

}  // namespace
}  // namespace pair
