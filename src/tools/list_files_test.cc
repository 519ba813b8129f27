#include "tools/list_files.h"

#include <stdlib.h>

#include "core/permissions.h"
#include "tools/test_support.h"

namespace pair {
namespace {

using nlohmann::json;
using testing::call;
using testing::TempWorkspace;

class ListFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("README.md", "r\n");
    ws.write(".gitignore", "build/\n*.log\n");
    ws.write(".git/config", "[core]\n");
    ws.write(".github/ci.yml", "on: push\n");
    ws.write("src/main.cc", "m\n");
    ws.write("src/util/str.cc", "s\n");
    ws.write("src/util/deep/er/x.cc", "x\n");
    ws.write("build/out.o", "o\n");
    ws.write("debug.log", "l\n");
  }
  ToolOutput list(json args) { return call(tool, args, ws.ctx()); }

  TempWorkspace ws;
  ListFilesTool tool;
};

TEST_F(ListFilesTest, ListsSortedRespectingGitignoreAndSkippingGit) {
  ToolOutput out = list(json::object());
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text,
            ".github/\n.github/ci.yml\n.gitignore\nREADME.md\nsrc/\nsrc/main.cc\nsrc/util/\nsrc/util/deep/\n"
            "src/util/str.cc\n");
}

TEST_F(ListFilesTest, DepthLimitsLevels) {
  EXPECT_EQ(list({{"depth", 1}}).text, ".github/\n.gitignore\nREADME.md\nsrc/\n");
  EXPECT_EQ(list({{"depth", 10}}).text,
            ".github/\n.github/ci.yml\n.gitignore\nREADME.md\nsrc/\nsrc/main.cc\nsrc/util/\nsrc/util/deep/\n"
            "src/util/deep/er/\nsrc/util/deep/er/x.cc\nsrc/util/str.cc\n");
}

TEST_F(ListFilesTest, PathsAreRelativeToTheListedDirectory) {
  EXPECT_EQ(list({{"path", "src/util"}}).text, "deep/\ndeep/er/\ndeep/er/x.cc\nstr.cc\n");
}

TEST_F(ListFilesTest, AFileListsJustItself) {
  EXPECT_EQ(list({{"path", "src/main.cc"}}).text, "main.cc\n");
}

TEST_F(ListFilesTest, AnIgnoredDirectoryAskedForByNameIsListed) {
  EXPECT_EQ(list({{"path", "build"}}).text, "out.o\n");
  ws.write("logs/a.log", "a\n");
  ToolOutput out = list({{"path", "logs"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "[every file here is ignored by .gitignore or similar; listed anyway]\na.log\n");
}

TEST_F(ListFilesTest, EmptyDirectory) {
  std::filesystem::create_directory(ws.root() / "empty");
  EXPECT_EQ(list({{"path", "empty"}}).text, "empty is empty.");
}

TEST_F(ListFilesTest, CapKeepsTheShallowestEntries) {
  ws.ctx().limits.list_max_entries = 5;
  ToolOutput out = list(json::object());
  EXPECT_EQ(out.text,
            ".github/\n.github/ci.yml\n.gitignore\nREADME.md\nsrc/\n"
            "[showing 5 of 9 entries; list a subdirectory, or use a smaller depth, to see the rest]\n");
}

TEST_F(ListFilesTest, MissingDirectoryIsAnError) {
  ToolOutput out = list({{"path", "scr"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "File not found: scr. Did you mean src?");
}

TEST_F(ListFilesTest, MissingRipgrepNamesTheFix) {
  std::string saved = ::getenv("PATH");
  ::setenv("PATH", ws.root().c_str(), 1);
  ToolOutput out = list(json::object());
  ::setenv("PATH", saved.c_str(), 1);
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("apt-get install ripgrep"), std::string::npos) << out.text;
}

// read_file's ask and deny rules hold for listings too.
class ListFilesReadRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("README.md", "r\n");
    ws.write("secrets/key.txt", "k\n");
    ws.write("secrets/more/deep.txt", "d\n");
    ws.write("vault/inner/key.txt", "i\n");
    ws.write("vault/open.txt", "o\n");
    ws.write("keys/a.pem", "a\n");
    ws.write(".env", "e\n");
    std::filesystem::create_directory_symlink(ws.root() / "vault", ws.root() / "alias");
    for (auto [text, action] :
         {std::pair{"read_file(secrets/**)", RuleAction::kDeny},
          std::pair{"read_file(vault/inner/**)", RuleAction::kDeny}, std::pair{"read_file(keys/*)", RuleAction::kDeny},
          std::pair{"read_file(**/.env)", RuleAction::kAsk}}) {
      auto r = parse_permission_rule(text, action, "test");
      ASSERT_TRUE(r.has_value());
      policy.add_rule(*r);
    }
    ws.ctx().read_access = read_access_of(policy);
  }
  ToolOutput list(json args) { return call(tool, args, ws.ctx()); }

  TempWorkspace ws;
  PermissionPolicy policy{PermissionMode::kDefault, ws.root()};
  ListFilesTool tool;
};

TEST_F(ListFilesReadRulesTest, CoveredFilesAreLeftOutAndCounted) {
  ToolOutput out = list(json::object());
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "README.md\nvault/\nvault/open.txt\n[5 files left out by permission rules]\n");
}

TEST_F(ListFilesReadRulesTest, ACoveredPathIsRefusedAsAWhole) {
  ToolOutput out = list({{"path", "secrets"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "Not allowed: list secrets (denied by the rule read_file(secrets/**)).");
  out = list({{"path", "secrets/more"}});
  EXPECT_TRUE(out.is_error);
  out = list({{"path", ".env"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text.rfind("Not allowed: list .env (the rule read_file(**/.env) asks", 0), 0u) << out.text;
}

TEST_F(ListFilesReadRulesTest, EntriesAreCheckedByTheirRealPath) {
  ToolOutput out = list({{"path", "alias"}});
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "open.txt\n[1 file left out by permission rules]\n");
}

TEST_F(ListFilesReadRulesTest, ADirectoryOfCoveredFilesSaysSo) {
  // keys/ itself is not covered (keys/* matches what is in it), everything in it is.
  ToolOutput out = list({{"path", "keys"}});
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "Nothing to show in keys.\n[1 file left out by permission rules]\n");
}

TEST_F(ListFilesReadRulesTest, WithoutRulesEverythingIsListed) {
  ws.ctx().read_access = {};
  EXPECT_EQ(list({{"path", "keys"}}).text, "a.pem\n");
}

}  // namespace
}  // namespace pair
