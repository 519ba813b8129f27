#include "core/workspace_facts.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace pair {
namespace {
namespace fs = std::filesystem;

class WorkspaceFactsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws_ = fs::temp_directory_path() / ("pair-facts-" + std::to_string(::getpid()));
    fs::remove_all(ws_);
    fs::create_directories(ws_);
  }
  void TearDown() override { fs::remove_all(ws_); }
  fs::path ws_;
};

TEST_F(WorkspaceFactsTest, BranchStatusAndInstructionsThroughTheGivenGit) {
  std::ofstream(ws_ / "AGENTS.md") << "Build with make.\n";
  std::vector<std::vector<std::string>> asked;
  std::string status;
  for (int i = 0; i < 45; ++i) status += " M file" + std::to_string(i) + "\n";
  auto facts = gather_workspace_facts(ws_, [&](const std::vector<std::string>& args) -> std::optional<std::string> {
    asked.push_back(args);
    return args[0] == "rev-parse" ? std::optional<std::string>("main\n") : status;
  });
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0], (std::vector<std::string>{"rev-parse", "--abbrev-ref", "HEAD"}));
  EXPECT_EQ(asked[1], (std::vector<std::string>{"status", "--short"}));
  EXPECT_TRUE(facts.is_git_repo);
  EXPECT_EQ(facts.git_branch, "main");
  EXPECT_NE(facts.git_status.find("M file39"), std::string::npos);
  EXPECT_EQ(facts.git_status.find("M file40"), std::string::npos);
  EXPECT_NE(facts.git_status.find("... and 5 more"), std::string::npos) << facts.git_status;
  ASSERT_EQ(facts.instructions.size(), 1u);
  EXPECT_EQ(facts.instructions[0].content, "Build with make.\n");
  EXPECT_EQ(facts.cwd, ws_.string());
}

TEST_F(WorkspaceFactsTest, AFailedGitLeavesTheStatusOutButSeesTheRepository) {
  auto none = [](const std::vector<std::string>&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_FALSE(gather_workspace_facts(ws_, none).is_git_repo);
  fs::create_directories(ws_ / ".git");
  auto facts = gather_workspace_facts(ws_, none);
  EXPECT_TRUE(facts.is_git_repo);
  EXPECT_TRUE(facts.git_branch.empty());
  EXPECT_TRUE(facts.git_status.empty());
}

TEST_F(WorkspaceFactsTest, InstructionsStartAtTheRepositoryRootAndTheCapIsToldToTheUser) {
  fs::create_directories(ws_ / "sub");
  fs::create_directories(ws_ / ".git");
  std::ofstream(ws_ / "AGENTS.md") << "Root rules that are long.\n";
  std::ofstream(ws_ / "sub" / "AGENTS.md") << "Sub rules.\n";
  auto facts = gather_workspace_facts(
      ws_ / "sub", [](const std::vector<std::string>&) -> std::optional<std::string> { return std::nullopt; },
      {.user_file = {}, .max_bytes = 10});
  EXPECT_TRUE(facts.is_git_repo);  // git failed (as it does confined to `sub`), but `.git` is above
  ASSERT_EQ(facts.instructions.size(), 1u);
  EXPECT_EQ(facts.instructions[0].file, "AGENTS.md");
  EXPECT_NE(facts.instructions_note.find("sub/AGENTS.md"), std::string::npos) << facts.instructions_note;
  EXPECT_NE(facts.instructions_cut_notice.find("left out sub/AGENTS.md"), std::string::npos)
      << facts.instructions_cut_notice;
  std::string context = format_context(facts);
  EXPECT_NE(context.find("Instructions from AGENTS.md:\nRoot rules"), std::string::npos) << context;
  EXPECT_NE(context.find(facts.instructions_note), std::string::npos) << context;
}

}  // namespace
}  // namespace pair
