#include "tui/input_editor.h"

#include <gtest/gtest.h>

#include "tui/text_width.h"

namespace pair::tui {
namespace {

TEST(InputEditor, TypingAndEditing) {
  InputEditor e;
  e.insert_text("hello world");
  e.word_left();
  e.insert_text("big ");
  EXPECT_EQ(e.text(), "hello big world");
  e.home();
  e.delete_forward();
  EXPECT_EQ(e.text(), "ello big world");
  e.end();
  e.kill_word();
  EXPECT_EQ(e.text(), "ello big ");
  e.yank();
  EXPECT_EQ(e.text(), "ello big world");
  e.home();
  e.kill_to_end();
  EXPECT_TRUE(e.empty());
}

TEST(InputEditor, ClustersMoveAndDeleteAsOne) {
  InputEditor e;
  e.insert_text("a👍🏽e\u0301日");
  e.backspace();  // 日
  e.backspace();  // é (two code points)
  EXPECT_EQ(e.text(), "a👍🏽");
  e.left();  // over the thumbs-up with its skin tone
  EXPECT_EQ(e.cursor(), 1u);
  e.delete_forward();
  EXPECT_EQ(e.text(), "a");
}

TEST(InputEditor, LargePastesCollapseToOneUnit) {
  InputEditor e;
  e.insert_text("see ");
  std::string big;
  for (int i = 0; i < 10; ++i) big += "line " + std::to_string(i) + "\r\n";
  e.paste(big);
  e.insert_text(" ok");
  EXPECT_EQ(e.shown_text(), "see [Pasted +10 lines, 70 chars] ok");
  std::string expected_text = "see ";
  for (int i = 0; i < 10; ++i) expected_text += "line " + std::to_string(i) + "\n";
  EXPECT_EQ(e.text(), expected_text + " ok");
  e.end();
  e.left();
  e.left();
  e.left();
  e.left();  // over the paste in one step
  EXPECT_EQ(e.cursor(), 4u);
  e.right();
  e.backspace();  // removes the whole paste
  EXPECT_EQ(e.text(), "see  ok");
  e.paste("small\npaste");
  EXPECT_EQ(e.text(), "see small\npaste ok");
}

TEST(InputEditor, LayoutWrapsAndPlacesTheCursor) {
  InputEditor e;
  e.insert_text("abcdefgh\nxy日本");
  auto l = e.layout(6, {{"> ", {}}}, {{"  ", {}}});
  std::vector<std::string> rows;
  for (const auto& r : l.rows) {
    EXPECT_LE(r.width, 6);
    rows.push_back(strip_escapes(r.text));
  }
  EXPECT_EQ(rows, (std::vector<std::string>{"> abcd", "  efgh", "  xy日", "  本"}));
  EXPECT_EQ(l.cursor_row, 3);
  EXPECT_EQ(l.cursor_col, 4);  // right after 本
  EXPECT_TRUE(e.up(6, 2));     // before 日
  EXPECT_TRUE(e.up(6, 2));     // before g
  e.insert(U'!');
  EXPECT_EQ(e.text(), "abcdef!gh\nxy日本");
  EXPECT_FALSE(e.down(6, 2) && e.down(6, 2) && e.down(6, 2) && e.down(6, 2));
}

TEST(InputEditor, LayoutKeepsAWordThatFitsARowWhole) {
  // Prose typed into the box wraps between words; only a word longer than a row is split.
  InputEditor e;
  e.insert_text("a 120 column terminal for sure, internationalization");
  auto l = e.layout(16, {{"> ", {}}}, {{"  ", {}}});
  std::vector<std::string> rows;
  for (const auto& r : l.rows) rows.push_back(strip_escapes(r.text));
  EXPECT_EQ(rows, (std::vector<std::string>{"> a 120 column ", "  terminal for ", "  sure, ", "  internationali",
                                            "  zation"}));
  EXPECT_EQ(l.cursor_row, 4);
  EXPECT_EQ(l.cursor_col, 8);
  EXPECT_TRUE(e.up(16, 2));
  EXPECT_TRUE(e.up(16, 2));  // the row of "sure, ", which ends left of column 8: on its last space
  e.insert(U'!');
  EXPECT_EQ(e.text(), "a 120 column terminal for sure,! internationalization");
}

TEST(InputEditor, KillToStartJoinsLines) {
  InputEditor e;
  e.insert_text("one\ntwo");
  e.kill_to_start();
  EXPECT_EQ(e.text(), "one\n");
  e.kill_to_start();
  EXPECT_EQ(e.text(), "one");
}

TEST(InputEditor, JoinedContentsKeepTheirPastes) {
  InputEditor a, b;
  a.insert_text("one ");
  a.paste(std::string(900, 'x'));
  b.insert_text("two ");
  b.paste(std::string(900, 'y'));
  InputEditor joined;
  joined.set_content(join_contents({a.content(), b.content()}));
  EXPECT_EQ(joined.text(), "one " + std::string(900, 'x') + "\ntwo " + std::string(900, 'y'));
  EXPECT_EQ(joined.shown_text(), a.shown_text() + "\n" + b.shown_text());
  EXPECT_EQ(joined.cursor(), joined.content().atoms.size()) << "the cursor at the end";
}

}  // namespace
}  // namespace pair::tui
