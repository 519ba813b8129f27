#include "core/change_journal.h"

#include <gtest/gtest.h>

#include <fstream>

#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class ChangeJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pair-journal-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& p, const std::string& text) { ASSERT_TRUE(write_file_atomically(p, text)); }
  std::string read(const fs::path& p) { return read_file_to_string(p).value_or("<missing>"); }
  fs::path dir_;
};

TEST_F(ChangeJournalTest, UndoRestoresChangedAndDeletesCreatedFiles) {
  fs::path a = dir_ / "a.txt", b = dir_ / "sub" / "b.txt";
  write(a, "one\n");
  FileChangeJournal j;
  j.begin_turn();
  j.before_write(a);
  write(a, "two\n");
  j.before_write(a);  // a second write in the same turn keeps the first snapshot
  write(a, "three\n");
  j.before_write(b);
  write(b, "new\n");
  j.before_command("make");

  auto changes = j.session_changes();
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].before, "one\n");
  EXPECT_EQ(changes[0].now, "three\n");
  EXPECT_FALSE(changes[1].existed_before);

  auto report = j.undo_last_turn();
  ASSERT_TRUE(report);
  EXPECT_EQ(read(a), "one\n");
  EXPECT_FALSE(fs::exists(b));
  EXPECT_EQ(report->restored.size(), 1u);
  EXPECT_EQ(report->deleted.size(), 1u);
  EXPECT_EQ(report->commands, std::vector<std::string>{"make"});
  EXPECT_TRUE(j.session_changes().empty()) << "back to how the session found them";
}

TEST_F(ChangeJournalTest, UndoGoesBackOneTurnAtATime) {
  fs::path a = dir_ / "a.txt";
  write(a, "v1");
  FileChangeJournal j;
  j.begin_turn();
  j.before_write(a);
  write(a, "v2");
  j.begin_turn();
  j.before_command("ls");  // a turn without file changes is passed over
  j.begin_turn();
  j.before_write(a);
  write(a, "v3");

  auto r1 = j.undo_last_turn();
  ASSERT_TRUE(r1);
  EXPECT_EQ(read(a), "v2");
  EXPECT_EQ(r1->turns_left, 1);
  ASSERT_TRUE(j.undo_last_turn());
  EXPECT_EQ(read(a), "v1");
  auto r3 = j.undo_last_turn();
  ASSERT_FALSE(r3);
  EXPECT_EQ(r3.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace pair
