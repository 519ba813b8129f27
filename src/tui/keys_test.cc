#include "tui/keys.h"

#include <gtest/gtest.h>

namespace pair::tui {
namespace {

std::vector<Key> decode(std::string_view bytes) {
  KeyDecoder d;
  auto keys = d.feed(bytes);
  auto rest = d.flush();
  keys.insert(keys.end(), rest.begin(), rest.end());
  return keys;
}

TEST(Keys, TextAndControlKeys) {
  auto k = decode("aé日\r\x01\x17\x0a\x7f\t");
  ASSERT_EQ(k.size(), 9u);
  EXPECT_EQ(k[0].ch, U'a');
  EXPECT_EQ(k[1].ch, U'é');
  EXPECT_EQ(k[2].ch, U'日');
  EXPECT_TRUE(k[3].is(KeyCode::kEnter));
  EXPECT_TRUE(k[4].is_ctrl('a'));
  EXPECT_TRUE(k[5].is_ctrl('w'));
  EXPECT_TRUE(k[6].is_ctrl('j'));
  EXPECT_TRUE(k[7].is(KeyCode::kBackspace));
  EXPECT_TRUE(k[8].is(KeyCode::kTab));
}

TEST(Keys, CsiAndSs3Sequences) {
  auto k = decode("\x1b[A\x1bOB\x1b[1;5C\x1b[3~\x1b[H\x1b[4~\x1b[Z\x1b[1;3D");
  ASSERT_EQ(k.size(), 8u);
  EXPECT_TRUE(k[0].is(KeyCode::kUp));
  EXPECT_TRUE(k[1].is(KeyCode::kDown));
  EXPECT_TRUE(k[2].is(KeyCode::kRight, kCtrl));
  EXPECT_TRUE(k[3].is(KeyCode::kDelete));
  EXPECT_TRUE(k[4].is(KeyCode::kHome));
  EXPECT_TRUE(k[5].is(KeyCode::kEnd));
  EXPECT_TRUE(k[6].is(KeyCode::kTab, kShift));
  EXPECT_TRUE(k[7].is(KeyCode::kLeft, kAlt));
}

TEST(Keys, ShiftEnterFromKittyAndModifyOtherKeys) {
  auto k = decode("\x1b[13;2u\x1b[27;2;13~\x1b\r\x1b[99;5u\x1b[27;5;99~\x1b[97u");
  ASSERT_EQ(k.size(), 6u);
  EXPECT_TRUE(k[0].is(KeyCode::kEnter, kShift));
  EXPECT_TRUE(k[1].is(KeyCode::kEnter, kShift));
  EXPECT_TRUE(k[2].is(KeyCode::kEnter, kAlt));
  EXPECT_TRUE(k[3].is_ctrl('c'));
  EXPECT_TRUE(k[4].is_ctrl('c'));
  EXPECT_EQ(k[5].ch, U'a');
}

TEST(Keys, AltLettersAndLoneEscape) {
  KeyDecoder d;
  auto k = d.feed(
      "\x1b"
      "b");
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].ch, U'b');
  EXPECT_EQ(k[0].mods, kAlt);
  EXPECT_TRUE(d.feed("\x1b").empty());
  EXPECT_TRUE(d.pending());
  auto esc = d.flush();
  ASSERT_EQ(esc.size(), 1u);
  EXPECT_TRUE(esc[0].is(KeyCode::kEscape));
}

TEST(Keys, BracketedPasteAcrossReads) {
  KeyDecoder d;
  std::string data = "x\x1b[200~line 1\r\nline 2 \x1b[A still paste\x1b[201~y";
  std::vector<Key> keys;
  for (char c : data) {
    auto k = d.feed(std::string_view(&c, 1));
    keys.insert(keys.end(), k.begin(), k.end());
  }
  ASSERT_EQ(keys.size(), 3u);
  EXPECT_EQ(keys[0].ch, U'x');
  EXPECT_EQ(keys[1].code, KeyCode::kPaste);
  EXPECT_EQ(keys[1].text, "line 1\r\nline 2 \x1b[A still paste");
  EXPECT_EQ(keys[2].ch, U'y');
}

TEST(Keys, Utf8CutAcrossReads) {
  KeyDecoder d;
  std::string s = "日";
  EXPECT_TRUE(d.feed(s.substr(0, 1)).empty());
  auto k = d.feed(s.substr(1));
  ASSERT_EQ(k.size(), 1u);
  EXPECT_EQ(k[0].ch, U'日');
}

}  // namespace
}  // namespace pair::tui
