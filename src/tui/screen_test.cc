#include "tui/screen.h"

#include <gtest/gtest.h>

#include "tui/style.h"

namespace pair::tui {
namespace {

TEST(Screen, FramesMoveToTheLiveAreaRedrawItAndPlaceTheCursor) {
  Screen s;
  s.set_size(40, 10);
  s.set_live({styled_row("status"), styled_row("> ab")}, 1, 4);
  std::string first = s.frame();
  EXPECT_NE(first.find("status\r\n> ab"), std::string::npos);
  EXPECT_NE(first.find("\r\x1b[4C"), std::string::npos) << "cursor to column 4 of the last row";
  EXPECT_EQ(s.frame(), "") << "nothing changed";
  s.commit(styled_row("done"));
  s.set_live({styled_row("status"), styled_row("> abc")}, 1, 5);
  std::string second = s.frame();
  EXPECT_TRUE(second.find("\r\x1b[1A\x1b[J") != std::string::npos) << "back up to the live area's top";
  EXPECT_LT(second.find("done"), second.find("status")) << "finished rows print above the live area";
}

TEST(Screen, ALiveAreaTallerThanTheScreenKeepsItsBottom) {
  Screen s;
  s.set_size(20, 5);
  Rows rows;
  for (int i = 0; i < 10; ++i) rows.push_back(styled_row("row " + std::to_string(i)));
  s.set_live(rows, 9, 0);
  std::string f = s.frame();
  EXPECT_EQ(f.find("row 5"), std::string::npos);
  EXPECT_NE(f.find("row 6"), std::string::npos);
  EXPECT_NE(f.find("row 9"), std::string::npos);
}

TEST(Screen, AResizeRedrawsTheLiveAreaFromWhereTheTerminalReflowedItsTop) {
  // Drawn at 120 columns: a full-width rule, the prompt (cursor at column 12), a footer. At 80
  // columns a reflowing terminal splits the rule into two rows, so the live area starts two rows
  // above the cursor; the frame goes there, clears below, and draws the area at the new width.
  Screen s;
  s.set_size(120, 30);
  auto rule = [](int n) {
    std::string r;
    for (int i = 0; i < n; ++i) r += "─";
    return styled_row(r);
  };
  s.set_live({rule(120), styled_row("❯ some input"), styled_row("footer")}, 1, 12);
  (void)s.frame();
  s.set_size(80, 30);
  s.set_live({rule(80), styled_row("❯ some input"), styled_row("footer")}, 1, 12);
  std::string f = s.frame();
  EXPECT_EQ(f.find("\x1b[2J"), std::string::npos) << "no full clear: it would push the screen into the scrollback";
  EXPECT_NE(f.find("\r\x1b[2A\x1b[J"), std::string::npos) << "up over the two rows of the reflowed rule";
  // Widening: rows drawn at 80 take one row each at 120.
  s.set_size(120, 30);
  s.set_live({rule(120), styled_row("❯ some input"), styled_row("footer")}, 1, 12);
  EXPECT_NE(s.frame().find("\r\x1b[1A\x1b[J"), std::string::npos);
  // A cursor past the new width sits on the second row of its reflowed row.
  s.set_live({rule(120), styled_row("❯ " + std::string(100, 'x'))}, 1, 102);
  (void)s.frame();
  s.set_size(80, 30);
  s.set_live({rule(80), styled_row("❯ " + std::string(78, 'x')), styled_row(std::string(22, 'x'))}, 2, 24);
  EXPECT_NE(s.frame().find("\r\x1b[3A\x1b[J"), std::string::npos);
}

}  // namespace
}  // namespace pair::tui
