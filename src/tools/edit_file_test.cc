#include "tools/edit_file.h"

#include <sys/stat.h>

#include "tools/test_support.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::AnsweringApprovals;
using testing::call;
using testing::call_with_approval;
using testing::TempWorkspace;

class EditFileTest : public ::testing::Test {
 protected:
  ToolOutput edit(const std::string& path, const std::string& old_string, const std::string& new_string,
                  bool replace_all = false) {
    json args = {{"path", path}, {"old_string", old_string}, {"new_string", new_string}};
    if (replace_all) args["replace_all"] = true;
    return call(tool, args, ws.ctx());
  }

  TempWorkspace ws;
  EditFileTool tool;
};

TEST_F(EditFileTest, ReplacesAUniqueString) {
  ws.write("a.py", "def f():\n    return 1\n\nprint(f())\n");
  auto effect = tool.inspect({{"path", "a.py"}, {"old_string", "return 1"}, {"new_string", "return 2"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kWrite);
  EXPECT_EQ(effect->paths, std::vector<fs::path>{ws.root() / "a.py"});
  EXPECT_EQ(effect->summary, "edit a.py (+1 -1)");
  EXPECT_EQ(effect->detail,
            "--- a/a.py\n+++ b/a.py\n@@ -1,4 +1,4 @@\n def f():\n-    return 1\n+    return 2\n \n print(f())\n");
  ASSERT_TRUE(effect->write.has_value());
  EXPECT_EQ(effect->write->content, "def f():\n    return 2\n\nprint(f())\n");  // what an editor's diff shows

  ToolOutput out = edit("a.py", "return 1", "return 2");
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "Edited a.py: 1 occurrence replaced (line 2).");
  EXPECT_EQ(ws.read("a.py"), "def f():\n    return 2\n\nprint(f())\n");
}

TEST_F(EditFileTest, ReportsTheChangedLineRange) {
  ws.write("a.txt", "1\n2\n3\n4\n");
  ToolOutput out = edit("a.txt", "2\n", "two\nzwei\ndeux\n");
  EXPECT_EQ(out.text, "Edited a.txt: 1 occurrence replaced (lines 2-4).");
  EXPECT_EQ(ws.read("a.txt"), "1\ntwo\nzwei\ndeux\n3\n4\n");
}

TEST_F(EditFileTest, NonUniqueNeedsContextOrReplaceAll) {
  ws.write("a.txt", "x = 1\ny = 2\nx = 1\nz\nx = 1\n");
  ToolOutput out = edit("a.txt", "x = 1", "x = 3");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text,
            "old_string was found 3 times in a.txt (lines 1, 3, 5); add more surrounding lines to make it unique, "
            "or set replace_all to change every one.");
  EXPECT_EQ(ws.read("a.txt"), "x = 1\ny = 2\nx = 1\nz\nx = 1\n");

  out = edit("a.txt", "x = 1", "x = 3", /*replace_all=*/true);
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "Edited a.txt: 3 occurrences replaced (lines 1-5).");
  EXPECT_EQ(ws.read("a.txt"), "x = 3\ny = 2\nx = 3\nz\nx = 3\n");
}

TEST_F(EditFileTest, NotFoundIsAnErrorBeforeApproval) {
  ws.write("a.txt", "hello\n");
  auto effect = tool.inspect({{"path", "a.txt"}, {"old_string", "bye"}, {"new_string", "x"}}, ws.ctx());
  ASSERT_FALSE(effect.has_value());
  EXPECT_EQ(effect.error().message, "old_string was not found in a.txt. Read the file again to see its current text.");
}

TEST_F(EditFileTest, NearMatchHintGivesTheLine) {
  ws.write("a.py", "class A:\n    def f(self):\n        return  1\n");
  ToolOutput out = edit("a.py", "def f(self):\n    return 1", "def f(self):\n    return 2");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("differs only in whitespace or indentation is at lines 2-3"), std::string::npos) << out.text;

  out = edit("a.py", "return 1", "return 2");
  EXPECT_NE(out.text.find("is at line 3;"), std::string::npos) << out.text;
}

TEST_F(EditFileTest, HintForPastedLineNumbers) {
  ws.write("a.py", "a = 1\nb = 2\n");
  ToolOutput out = edit("a.py", "1\ta = 1\n2\tb = 2", "a = 1\nb = 3");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("includes line numbers from read_file"), std::string::npos) << out.text;
}

TEST_F(EditFileTest, HintWhenOnlyTheFirstLineMatches) {
  ws.write("a.py", "if x:\n    go()\n");
  ToolOutput out = edit("a.py", "if x:\n    stop()", "if y:\n    stop()");
  EXPECT_NE(out.text.find("first line matches line 1"), std::string::npos) << out.text;
}

TEST_F(EditFileTest, CrlfFileMatchesLfStringsAndStaysCrlf) {
  ws.write("dos.txt", "one\r\ntwo\r\nthree\r\n");
  ToolOutput out = edit("dos.txt", "one\ntwo\n", "uno\ndos\nextra\n");
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(ws.read("dos.txt"), "uno\r\ndos\r\nextra\r\nthree\r\n");
}

TEST_F(EditFileTest, LfFileWithCrlfStringsStaysLf) {
  ws.write("unix.txt", "one\ntwo\n");
  ASSERT_FALSE(edit("unix.txt", "one\r\ntwo", "1\r\n2").is_error);
  EXPECT_EQ(ws.read("unix.txt"), "1\n2\n");
}

TEST_F(EditFileTest, SameStringsAreAnError) {
  ws.write("a.txt", "x\n");
  ToolOutput out = edit("a.txt", "x", "x");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("the same"), std::string::npos);
}

TEST_F(EditFileTest, EmptyOldStringCreatesAMissingFile) {
  auto effect = tool.inspect({{"path", "new/b.txt"}, {"old_string", ""}, {"new_string", "hi\n"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->summary, "create new/b.txt (+1 -0)");
  EXPECT_EQ(effect->detail, "--- /dev/null\n+++ b/new/b.txt\n@@ -0,0 +1 @@\n+hi\n");
  ToolOutput out = edit("new/b.txt", "", "hi\n");
  EXPECT_EQ(out.text, "Created new/b.txt (1 line).");
  EXPECT_EQ(ws.read("new/b.txt"), "hi\n");
}

TEST_F(EditFileTest, EmptyOldStringOnANonEmptyFileIsAnError) {
  ws.write("a.txt", "content\n");
  ToolOutput out = edit("a.txt", "", "more");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("old_string is empty, but a.txt is not"), std::string::npos);
  EXPECT_EQ(ws.read("a.txt"), "content\n");
}

TEST_F(EditFileTest, MissingFileWithOldStringIsNotFound) {
  ToolOutput out = edit("nope.txt", "a", "b");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text.rfind("File not found: nope.txt.", 0), 0u) << out.text;
}

TEST_F(EditFileTest, KeepsTheFileMode) {
  fs::path p = ws.write("run.sh", "echo a\n");
  ASSERT_EQ(::chmod(p.c_str(), 0750), 0);
  ASSERT_FALSE(edit("run.sh", "echo a", "echo b").is_error);
  struct stat st {};
  ASSERT_EQ(::stat(p.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0750u);
}

TEST_F(EditFileTest, RefusesBinaryFiles) {
  ws.write("b.bin", std::string("ab\0cd", 5));
  ToolOutput out = edit("b.bin", "ab", "xy");
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("binary"), std::string::npos);
}

TEST_F(EditFileTest, RunRechecksTheFile) {
  ws.write("a.txt", "alpha\n");
  json args = {{"path", "a.txt"}, {"old_string", "alpha"}, {"new_string", "beta"}};
  ASSERT_TRUE(tool.inspect(args, ws.ctx()).has_value());
  ws.write("a.txt", "changed meanwhile\n");
  ToolOutput out = tool.run(args, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(ws.read("a.txt"), "changed meanwhile\n");
}

TEST_F(EditFileTest, AFileChangedDuringTheApprovalWaitIsLeftAsItIs) {
  ws.write("a.txt", "x = 1\ny = 2\n");
  AnsweringApprovals approvals;
  // The text to replace is still there after the other change: working the
  // edit out again would apply it on top, unseen by the user.
  approvals.before_answer = [&] { ws.write("a.txt", "x = 1\ny = 20\n"); };
  ToolCallResult r = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "x = 1"}, {"new_string", "x = 5"}}, ws.ctx(), approvals);
  EXPECT_EQ(approvals.asked, 1);
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.output.find("nothing was written. Read a.txt again"), std::string::npos) << r.output;
  EXPECT_EQ(ws.read("a.txt"), "x = 1\ny = 20\n");
}

TEST_F(EditFileTest, AnEditedProposalIsWrittenWithoutAnyOtherTool) {
  ws.write("a.txt", "x = 1\n");
  AnsweringApprovals approvals;
  approvals.answer.content = "x = 7  # the user's version\n";
  ToolCallResult r = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "x = 1"}, {"new_string", "x = 5"}}, ws.ctx(), approvals);
  EXPECT_FALSE(r.is_error) << r.output;
  EXPECT_EQ(ws.read("a.txt"), "x = 7  # the user's version\n");
  EXPECT_EQ(r.output,
            "Overwrote a.txt with the user's version. The user edited your proposed change before accepting it, so "
            "the file holds their version, not exactly yours: read it before changing it again.");
}

TEST_F(EditFileTest, AnEditedProposalIsNotWrittenOverAFileChangedDuringTheWait) {
  ws.write("a.txt", "x = 1\n");
  AnsweringApprovals approvals;
  approvals.answer.content = "x = 7\n";
  approvals.before_answer = [&] { ws.write("a.txt", "x = 1\n# someone else's line\n"); };
  ToolCallResult r = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "x = 1"}, {"new_string", "x = 5"}}, ws.ctx(), approvals);
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.output.find("Read a.txt again"), std::string::npos) << r.output;
  EXPECT_EQ(ws.read("a.txt"), "x = 1\n# someone else's line\n");
}

}  // namespace
}  // namespace pair
