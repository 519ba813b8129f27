#include "protocol/user_notes.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(UserNotesTest, UndoNoteIsStrippedAndItsFilesKept) {
  std::string message = undo_note({"hello.py", "b.txt"}) + "\n\nnow try again";
  std::string files;
  EXPECT_EQ(strip_undo_note(message, &files), "now try again");
  EXPECT_EQ(files, "hello.py, b.txt");
}

TEST(UserNotesTest, TextWithoutANoteIsLeftAlone) {
  std::string files = "stale";
  EXPECT_EQ(strip_undo_note("[The user undid it myself]", &files), "[The user undid it myself]");
  EXPECT_EQ(files, "");
  EXPECT_EQ(strip_undo_note("fix hello.py", &files), "fix hello.py");
}

}  // namespace
}  // namespace pair
