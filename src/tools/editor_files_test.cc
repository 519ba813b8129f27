// The file tools with an editor that reads and writes files for pair (ToolContext::editor_files):
// reads see its unsaved buffers, approved writes go through it, the change journal still hears of
// them, and its errors come back as the tool's. Permission checks stay pair's own.
#include <gtest/gtest.h>

#include <map>

#include "core/change_journal.h"
#include "core/editor_files.h"
#include "tools/edit_file.h"
#include "tools/read_file.h"
#include "tools/test_support.h"
#include "tools/write_file.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::AnsweringApprovals;
using testing::call;
using testing::call_with_approval;
using testing::TempWorkspace;

/// An editor holding buffers by absolute path; a path without one is an error, as an editor's
/// answer for a file it cannot open would be.
class FakeEditorFiles : public EditorFiles {
 public:
  bool reads() const override { return offers_reads; }
  bool writes() const override { return offers_writes; }
  Result<std::string> read_text(const fs::path& path, std::stop_token) override {
    reads_asked.push_back(path);
    auto it = buffers.find(path);
    if (it == buffers.end()) return fail(ErrorCode::kProtocol, "no such buffer");
    return it->second;
  }
  Result<void> write_text(const fs::path& path, const std::string& content, std::stop_token) override {
    if (refuse_writes) return fail(ErrorCode::kProtocol, "the buffer is read-only");
    buffers[path] = content;
    written.push_back(path);
    return {};
  }

  bool offers_reads = true, offers_writes = true, refuse_writes = false;
  std::map<fs::path, std::string> buffers;
  std::vector<fs::path> reads_asked, written;
};

class Recorder : public ChangeRecorder {
 public:
  void before_write(const fs::path& path) override { paths.push_back(path); }
  void before_command(std::string_view) override {}
  std::vector<fs::path> paths;
};

class EditorFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.ctx().editor_files = &editor;
    ws.ctx().changes = &recorder;
    path = ws.write("a.txt", "on disk\n");
    editor.buffers[path] = "unsaved one\nunsaved two\n";
  }
  TempWorkspace ws;
  FakeEditorFiles editor;
  Recorder recorder;
  fs::path path;
};

TEST_F(EditorFilesTest, ReadFileShowsTheEditorsBufferNumberedAsAFile) {
  ReadFileTool tool;
  auto out = call(tool, {{"path", "a.txt"}, {"offset", 2}}, ws.ctx());
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "2\tunsaved two\n");
  ASSERT_EQ(editor.reads_asked.size(), 1u);
  EXPECT_EQ(editor.reads_asked[0], path);  // absolute, as the protocol wants
}

TEST_F(EditorFilesTest, ReadFileTellsTheEditorsErrorAndNeverFallsBackToTheDisk) {
  editor.buffers.clear();
  ReadFileTool tool;
  auto out = call(tool, {{"path", "a.txt"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("the editor could not read " + path.string() + ": no such buffer"), std::string::npos)
      << out.text;
  EXPECT_EQ(out.text.find("on disk"), std::string::npos);
}

TEST_F(EditorFilesTest, WithoutTheReadOfferTheDiskIsRead) {
  editor.offers_reads = false;
  ReadFileTool tool;
  auto out = call(tool, {{"path", "a.txt"}}, ws.ctx());
  EXPECT_EQ(out.text, "1\ton disk\n");
  EXPECT_TRUE(editor.reads_asked.empty());
}

TEST_F(EditorFilesTest, AnApprovedEditIsAgainstTheBufferAndWrittenThroughTheEditor) {
  AnsweringApprovals approvals;
  auto result = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "unsaved two"}, {"new_string", "edited"}}, ws.ctx(), approvals);
  EXPECT_FALSE(result.is_error) << result.output;
  EXPECT_EQ(approvals.asked, 1);  // the editor changes how, not whether
  EXPECT_EQ(editor.buffers[path], "unsaved one\nedited\n");
  EXPECT_EQ(editor.written, std::vector<fs::path>{path});
  EXPECT_EQ(recorder.paths, std::vector<fs::path>{path});  // /undo still hears of it
  EXPECT_EQ(ws.read("a.txt"), "on disk\n");                // the editor saves, not pair
}

TEST_F(EditorFilesTest, ARejectedEditWritesNothing) {
  AnsweringApprovals approvals;
  approvals.answer = {ApprovalDecision::kDeny, ""};
  auto result = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "unsaved two"}, {"new_string", "edited"}}, ws.ctx(), approvals);
  EXPECT_TRUE(result.is_error);
  EXPECT_TRUE(editor.written.empty());
}

TEST_F(EditorFilesTest, ABufferChangedDuringTheApprovalIsNotOverwritten) {
  AnsweringApprovals approvals;
  approvals.before_answer = [&] { editor.buffers[path] = "typed meanwhile\n"; };
  auto result = call_with_approval<WriteFileTool>({{"path", "a.txt"}, {"content", "new\n"}}, ws.ctx(), approvals);
  EXPECT_TRUE(result.is_error);
  EXPECT_NE(result.output.find("Read a.txt again"), std::string::npos) << result.output;
  EXPECT_EQ(editor.buffers[path], "typed meanwhile\n");
}

TEST_F(EditorFilesTest, TheEditorsRefusalToWriteIsTheToolsError) {
  editor.refuse_writes = true;
  AnsweringApprovals approvals;
  auto result = call_with_approval<WriteFileTool>({{"path", "b.txt"}, {"content", "new\n"}}, ws.ctx(), approvals);
  EXPECT_TRUE(result.is_error);
  EXPECT_NE(
      result.output.find("the editor could not write " + (ws.root() / "b.txt").string() + ": the buffer is read-only"),
      std::string::npos)
      << result.output;
  EXPECT_FALSE(ws.exists("b.txt"));
}

TEST_F(EditorFilesTest, WithoutTheWriteOfferTheDiskIsWritten) {
  editor.offers_writes = false;
  AnsweringApprovals approvals;
  auto result = call_with_approval<EditFileTool>(
      {{"path", "a.txt"}, {"old_string", "unsaved two"}, {"new_string", "edited"}}, ws.ctx(), approvals);
  EXPECT_FALSE(result.is_error) << result.output;
  EXPECT_TRUE(editor.written.empty());
  EXPECT_EQ(ws.read("a.txt"), "unsaved one\nedited\n");
}

}  // namespace
}  // namespace pair
