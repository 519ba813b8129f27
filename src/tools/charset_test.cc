#include "tools/charset.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(Charset, DetectsFromBomHeaderAndMeta) {
  EXPECT_EQ(detect_charset("text/html; charset=ISO-8859-1", "<p>x", true), "iso-8859-1");
  EXPECT_EQ(detect_charset("text/html;charset=\"Shift_JIS\"", "", true), "shift_jis");
  EXPECT_EQ(detect_charset("text/html", "<html><head><meta charset='koi8-r'>", true), "koi8-r");
  EXPECT_EQ(detect_charset("text/html",
                           R"(<meta http-equiv="Content-Type" content="text/html; charset=windows-1251"/>)", true),
            "windows-1251");
  EXPECT_EQ(detect_charset("text/plain", "<meta charset='koi8-r'>", false), "");           // meta only counts in HTML
  EXPECT_EQ(detect_charset("text/html; charset=latin1", "\xEF\xBB\xBFx", true), "utf-8");  // the BOM wins
  EXPECT_EQ(detect_charset("text/html", "\xFF\xFEx\0", true), "utf-16le");
  EXPECT_EQ(detect_charset("text/html", "<p>no charset</p>", true), "");
  EXPECT_EQ(detect_charset("text/html; xcharset=foo", "", true), "");
}

TEST(Charset, DecodesWithIconv) {
  EXPECT_EQ(*decode_to_utf8("Caf\xE9 cr\xE8me", "iso-8859-1"), "Caf\xC3\xA9 cr\xC3\xA8me");
  // WHATWG: latin1 means windows-1252, so 0x93/0x94 are curly quotes.
  EXPECT_EQ(*decode_to_utf8("\x93q\x94 \x80", "latin1"), "\xE2\x80\x9Cq\xE2\x80\x9D \xE2\x82\xAC");
  EXPECT_EQ(*decode_to_utf8("\x82\xB1\x82\xF1", "shift_jis"), "\xE3\x81\x93\xE3\x82\x93");
  EXPECT_EQ(*decode_to_utf8("\xF0\xD2\xC9\xD7\xC5\xD4", "KOI8-R"), "\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82");
  EXPECT_EQ(*decode_to_utf8(std::string_view("\xFF\xFEh\0i\0", 6), "utf-16le"), "hi");
  EXPECT_EQ(*decode_to_utf8("\xEF\xBB\xBFok", "utf-8"), "ok");
}

TEST(Charset, GuessesAndRepairs) {
  EXPECT_EQ(*decode_to_utf8("plain \xC3\xA9", ""), "plain \xC3\xA9");  // valid UTF-8 stays
  EXPECT_EQ(*decode_to_utf8("caf\xE9", ""), "caf\xC3\xA9");            // else windows-1252
  EXPECT_EQ(*decode_to_utf8("a\x82\xFF"
                            "b",
                            "shift_jis"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD"
            "b");  // invalid: U+FFFD
  EXPECT_EQ(*decode_to_utf8("bad \xFF", "utf-8"), "bad \xEF\xBF\xBD");
  auto unknown = decode_to_utf8("x", "x-no-such-charset");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().message.find("x-no-such-charset"), std::string::npos);
}

}  // namespace
}  // namespace pair
