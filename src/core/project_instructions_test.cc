#include "core/project_instructions.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace pair {
namespace {
namespace fs = std::filesystem;

class ProjectInstructionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("pair-instructions-" + std::to_string(::getpid()));
    fs::remove_all(base_);
    root_ = base_ / "repo";
    fs::create_directories(root_ / "sub" / "sub");
    fs::create_directories(base_ / "config");
  }
  void TearDown() override { fs::remove_all(base_); }
  static void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  static std::vector<std::string> labels(const GatheredInstructions& g) {
    std::vector<std::string> out;
    for (const auto& f : g.files) out.push_back(f.file);
    return out;
  }
  /// The search with every field named, from `root_` down to `workspace`.
  InstructionSearch search(const fs::path& workspace, const fs::path& user_file = {}, size_t max_bytes = 32 * 1024) {
    return {.root = root_, .workspace = workspace, .user_file = user_file, .max_bytes = max_bytes};
  }
  fs::path base_, root_;
};

TEST_F(ProjectInstructionsTest, EveryLevelFromTheRootDownToTheWorkingDirectoryRootFirst) {
  write(root_ / "AGENTS.md", "root rules\n");
  write(root_ / "sub" / "AGENTS.md", "sub rules\n");
  write(root_ / "sub" / "sub" / "AGENTS.md", "deepest rules\n");
  auto g = read_instructions(search(root_ / "sub" / "sub"));
  EXPECT_EQ(labels(g), (std::vector<std::string>{"AGENTS.md", "sub/AGENTS.md", "sub/sub/AGENTS.md"}));
  ASSERT_EQ(g.files.size(), 3u);
  EXPECT_EQ(g.files[0].content, "root rules\n");
  EXPECT_EQ(g.files[2].content, "deepest rules\n");
  EXPECT_TRUE(g.cut_notice.empty());
  EXPECT_TRUE(g.model_note.empty());
}

TEST_F(ProjectInstructionsTest, ClaudeMdOnlyWhereALevelHasNoAgentsMd) {
  write(root_ / "AGENTS.md", "root agents\n");
  write(root_ / "CLAUDE.md", "root claude\n");
  write(root_ / "sub" / "CLAUDE.md", "sub claude\n");
  auto g = read_instructions(search(root_ / "sub"));
  EXPECT_EQ(labels(g), (std::vector<std::string>{"AGENTS.md", "sub/CLAUDE.md"}));
  ASSERT_EQ(g.files.size(), 2u);
  EXPECT_EQ(g.files[1].content, "sub claude\n");
}

TEST_F(ProjectInstructionsTest, TheUsersOwnFileComesLast) {
  write(root_ / "AGENTS.md", "project\n");
  write(root_ / "sub" / "AGENTS.md", "sub\n");
  write(base_ / "config" / "AGENTS.md", "answer in French\n");
  auto g = read_instructions(search(root_ / "sub", base_ / "config" / "AGENTS.md"));
  ASSERT_EQ(g.files.size(), 3u);
  EXPECT_EQ(g.files[2].content, "answer in French\n");
  EXPECT_NE(g.files[2].file.find("the user's own instructions"), std::string::npos) << g.files[2].file;
}

TEST_F(ProjectInstructionsTest, TheCapCutsAFileWithANoteAndNamesTheFilesLeftOut) {
  write(root_ / "AGENTS.md", std::string(60, 'a'));
  write(root_ / "sub" / "AGENTS.md", std::string(60, 'b'));
  write(root_ / "sub" / "sub" / "AGENTS.md", "never reached\n");
  write(base_ / "config" / "AGENTS.md", std::string(30, 'u'));
  auto g = read_instructions(search(root_ / "sub" / "sub", base_ / "config" / "AGENTS.md", 100));
  // The user's 30 bytes are counted first: the root file is whole, sub's is cut to 10, the deepest left out.
  EXPECT_EQ(labels(g)[0], "AGENTS.md");
  EXPECT_EQ(labels(g)[1], "sub/AGENTS.md");
  ASSERT_EQ(g.files.size(), 3u);
  EXPECT_EQ(g.files[0].content, std::string(60, 'a'));
  EXPECT_TRUE(g.files[1].content.starts_with(std::string(10, 'b') + "\n[... sub/AGENTS.md cut here: 10 of 60 bytes"))
      << g.files[1].content;
  EXPECT_EQ(g.files[1].content.find(std::string(11, 'b')), std::string::npos);
  EXPECT_EQ(g.files[2].content, std::string(30, 'u'));
  EXPECT_NE(g.model_note.find("sub/sub/AGENTS.md"), std::string::npos) << g.model_note;
  EXPECT_NE(g.model_note.find("paths from " + root_.string()), std::string::npos) << g.model_note;
  EXPECT_NE(g.cut_notice.find("cut sub/AGENTS.md; left out sub/sub/AGENTS.md"), std::string::npos) << g.cut_notice;
  EXPECT_NE(g.cut_notice.find("/context/instructions_max_bytes"), std::string::npos) << g.cut_notice;
}

TEST_F(ProjectInstructionsTest, ACutNeverSplitsACharacter) {
  write(root_ / "AGENTS.md",
        "ab\xc3\xa9"
        "cd");  // é is two bytes, at 2..3
  auto g = read_instructions(search(root_, {}, 3));
  ASSERT_EQ(g.files.size(), 1u);
  EXPECT_TRUE(g.files[0].content.starts_with("ab\n[... AGENTS.md cut here: 2 of 6 bytes")) << g.files[0].content;
}

TEST_F(ProjectInstructionsTest, ALinkOutOfTheRepositoryAndBlankFilesAreSkipped) {
  write(base_ / "secret.txt", "private key\n");
  fs::create_symlink(base_ / "secret.txt", root_ / "AGENTS.md");
  write(root_ / "sub" / "AGENTS.md", "  \n");
  write(root_ / "sub" / "PAIR.md", "pair rules\n");
  auto g = read_instructions(search(root_ / "sub"));
  EXPECT_EQ(labels(g), (std::vector<std::string>{"sub/PAIR.md"}));
}

TEST_F(ProjectInstructionsTest, AWorkspaceOutsideTheRootIsReadAlone) {
  write(root_ / "AGENTS.md", "root\n");
  write(base_ / "config" / "AGENTS.md", "elsewhere\n");
  auto g = read_instructions(search(base_ / "config"));
  ASSERT_EQ(g.files.size(), 1u);
  EXPECT_EQ(g.files[0].content, "elsewhere\n");
}

}  // namespace
}  // namespace pair
