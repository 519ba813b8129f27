#include "tools/write_file.h"

#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/change_journal.h"
#include "tools/test_support.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::AnsweringApprovals;
using testing::call;
using testing::call_with_approval;
using testing::TempWorkspace;

class WriteFileTest : public ::testing::Test {
 protected:
  ToolOutput write(const std::string& path, const std::string& content) {
    return call(tool, {{"path", path}, {"content", content}}, ws.ctx());
  }
  std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  TempWorkspace ws;
  WriteFileTool tool;
};

TEST_F(WriteFileTest, CreatesANewFile) {
  auto effect = tool.inspect({{"path", "new.txt"}, {"content", "a\nb\n"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kWrite);
  EXPECT_EQ(effect->paths, std::vector<fs::path>{ws.root() / "new.txt"});
  EXPECT_EQ(effect->summary, "create new.txt (2 lines)");
  EXPECT_EQ(effect->detail, "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  ASSERT_TRUE(effect->write.has_value());
  EXPECT_EQ(effect->write->content, "a\nb\n");
  EXPECT_EQ(effect->write->base_sha256, std::nullopt);

  ToolOutput out = write("new.txt", "a\nb\n");
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "Created new.txt (2 lines).");
  EXPECT_EQ(ws.read("new.txt"), "a\nb\n");
}

TEST_F(WriteFileTest, OverwritesWithADiffPreview) {
  ws.write("f.txt", "one\ntwo\n");
  auto effect = tool.inspect({{"path", "f.txt"}, {"content", "one\n2\n"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->summary, "overwrite f.txt (+1 -1)");
  EXPECT_EQ(effect->detail, "--- a/f.txt\n+++ b/f.txt\n@@ -1,2 +1,2 @@\n one\n-two\n+2\n");
  EXPECT_EQ(write("f.txt", "one\n2\n").text, "Overwrote f.txt (2 lines).");
  EXPECT_EQ(ws.read("f.txt"), "one\n2\n");
}

TEST_F(WriteFileTest, SameContentChangesNothing) {
  ws.write("f.txt", "same\n");
  ToolOutput out = write("f.txt", "same\n");
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "f.txt already has this content; nothing changed.");
}

TEST_F(WriteFileTest, KeepsTheFileMode) {
  fs::path script = ws.write("run.sh", "#!/bin/sh\n");
  ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
  ASSERT_FALSE(write("run.sh", "#!/bin/sh\necho hi\n").is_error);
  struct stat st {};
  ASSERT_EQ(::stat(script.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0755u);
}

TEST_F(WriteFileTest, CreatesParentDirectories) {
  ToolOutput out = write("a/b/c.txt", "x");
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(ws.read("a/b/c.txt"), "x");
}

TEST_F(WriteFileTest, RefusesDirectoriesAndFifos) {
  fs::create_directory(ws.root() / "dir");
  ToolOutput out = write("dir", "x");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("is a directory"), std::string::npos);

  ASSERT_EQ(::mkfifo((ws.root() / "pipe").c_str(), 0644), 0);
  EXPECT_FALSE(tool.inspect({{"path", "pipe"}, {"content", "x"}}, ws.ctx()).has_value());
  out = tool.run({{"path", "pipe"}, {"content", "x"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("not a regular file"), std::string::npos);
  EXPECT_TRUE(fs::is_fifo(ws.root() / "pipe"));
}

TEST_F(WriteFileTest, FailedWriteLeavesTheOldFileAndNoTemporary) {
  // A file size limit makes the write itself fail, even for root.
  ws.write("keep.txt", "original\n");
  struct rlimit old_limit {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &old_limit), 0);
  auto old_handler = ::signal(SIGXFSZ, SIG_IGN);
  struct rlimit small = old_limit;
  small.rlim_cur = 1000;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
  ToolOutput out = tool.run({{"path", "keep.txt"}, {"content", std::string(5000, 'x')}}, ws.ctx());
  ::setrlimit(RLIMIT_FSIZE, &old_limit);
  ::signal(SIGXFSZ, old_handler);

  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("keep.txt"), std::string::npos) << out.text;
  EXPECT_EQ(ws.read("keep.txt"), "original\n");
  EXPECT_EQ(names_in(ws.root()), std::vector<std::string>{"keep.txt"});
}

TEST_F(WriteFileTest, ReadOnlyDirectoryFailsCleanly) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only directories";
  fs::path dir = ws.root() / "ro";
  fs::create_directory(dir);
  ws.write("ro/f.txt", "old\n");
  ASSERT_EQ(::chmod(dir.c_str(), 0555), 0);
  ToolOutput out = write("ro/f.txt", "new\n");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(ws.read("ro/f.txt"), "old\n");
  EXPECT_EQ(names_in(dir), std::vector<std::string>{"f.txt"});
}

TEST_F(WriteFileTest, WritesThroughASymlinkToItsTarget) {
  ws.write("real.txt", "old\n");
  fs::create_symlink("real.txt", ws.root() / "link.txt");
  auto effect = tool.inspect({{"path", "link.txt"}, {"content", "new\n"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->paths, (std::vector<fs::path>{ws.root() / "link.txt", ws.root() / "real.txt"}));
  ASSERT_FALSE(write("link.txt", "new\n").is_error);
  EXPECT_TRUE(fs::is_symlink(ws.root() / "link.txt"));
  EXPECT_EQ(ws.read("real.txt"), "new\n");
}

TEST_F(WriteFileTest, PathOutsideTheWorkspaceIsListedAbsolute) {
  TempWorkspace other;
  auto effect = tool.inspect({{"path", (other.root() / "x/../y.txt").string()}, {"content", ""}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->paths, std::vector<fs::path>{other.root() / "y.txt"});
}

TEST_F(WriteFileTest, AFileChangedDuringTheApprovalWaitIsLeftAsItIs) {
  ws.write("f.txt", "old\n");
  AnsweringApprovals approvals;
  approvals.before_answer = [&] { ws.write("f.txt", "someone else's\n"); };
  ToolCallResult r = call_with_approval<WriteFileTool>({{"path", "f.txt"}, {"content", "new\n"}}, ws.ctx(), approvals);
  EXPECT_EQ(approvals.asked, 1);
  EXPECT_TRUE(r.is_error);
  EXPECT_EQ(r.output,
            "f.txt changed after this change was prepared (while waiting for approval); nothing was written. Read "
            "f.txt again and make the change against what it holds now.");
  EXPECT_EQ(ws.read("f.txt"), "someone else's\n");
}

TEST_F(WriteFileTest, AFileCreatedDuringTheApprovalWaitIsNotOverwritten) {
  AnsweringApprovals approvals;
  approvals.before_answer = [&] { ws.write("new.txt", "someone else's\n"); };
  ToolCallResult r =
      call_with_approval<WriteFileTool>({{"path", "new.txt"}, {"content", "mine\n"}}, ws.ctx(), approvals);
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.output.find("new.txt was created after this change was prepared"), std::string::npos) << r.output;
  EXPECT_EQ(ws.read("new.txt"), "someone else's\n");
}

TEST_F(WriteFileTest, AnApprovedWriteIsJournaledForUndo) {
  ws.write("f.txt", "old\n");
  FileChangeJournal journal;
  journal.begin_turn();
  ws.ctx().changes = &journal;
  AnsweringApprovals approvals;
  ToolCallResult r = call_with_approval<WriteFileTool>({{"path", "f.txt"}, {"content", "new\n"}}, ws.ctx(), approvals);
  EXPECT_FALSE(r.is_error) << r.output;
  EXPECT_EQ(ws.read("f.txt"), "new\n");
  auto undone = journal.undo_last_turn();
  ASSERT_TRUE(undone.has_value()) << undone.error().message;
  EXPECT_EQ(ws.read("f.txt"), "old\n");
}

}  // namespace
}  // namespace pair
