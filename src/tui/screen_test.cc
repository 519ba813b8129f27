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

}  // namespace
}  // namespace pair::tui
