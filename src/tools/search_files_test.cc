#include "tools/search_files.h"

#include "core/permissions.h"
#include "tools/test_support.h"

namespace pair {
namespace {

using nlohmann::json;
using testing::call;
using testing::TempWorkspace;

class SearchFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write(".gitignore", "build/\n");
    ws.write("src/a.cc", "int alpha = 1;\nint beta = 2;\n");
    ws.write("src/b.py", "alpha = 3\n");
    ws.write(".hidden/c.cc", "alpha hidden\n");
    ws.write(".git/HEAD", "alpha in git\n");
    ws.write("build/gen.cc", "alpha generated\n");
  }
  ToolOutput search(json args) { return call(tool, args, ws.ctx()); }

  TempWorkspace ws;
  SearchFilesTool tool;
};

TEST_F(SearchFilesTest, FindsMatchesRespectingGitignore) {
  ToolOutput out = search({{"pattern", "alpha"}});
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, ".hidden/c.cc:1:alpha hidden\nsrc/a.cc:1:int alpha = 1;\nsrc/b.py:1:alpha = 3\n");
}

TEST_F(SearchFilesTest, PathAndGlobNarrow) {
  EXPECT_EQ(search({{"pattern", "alpha"}, {"path", "src"}}).text, "src/a.cc:1:int alpha = 1;\nsrc/b.py:1:alpha = 3\n");
  EXPECT_EQ(search({{"pattern", "alpha"}, {"glob", "*.py"}}).text, "src/b.py:1:alpha = 3\n");
  EXPECT_EQ(search({{"pattern", "b[e]ta"}, {"path", "src/a.cc"}}).text, "src/a.cc:2:int beta = 2;\n");
}

TEST_F(SearchFilesTest, NoMatchIsNotAnError) {
  ToolOutput out = search({{"pattern", "gamma"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "No matches for gamma in the workspace.");
  out = search({{"pattern", "gamma"}, {"path", "src"}, {"glob", "*.py"}});
  EXPECT_EQ(out.text, "No matches for gamma in src (files matching *.py).");
}

TEST_F(SearchFilesTest, BadRegexExplainsTheSyntax) {
  ToolOutput out = search({{"pattern", "foo("}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("unclosed group"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("Rust regex"), std::string::npos);
}

TEST_F(SearchFilesTest, BadGlobSaysItIsTheGlob) {
  ToolOutput out = search({{"pattern", "alpha"}, {"glob", "["}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text.rfind("Invalid glob: ", 0), 0u) << out.text;
}

TEST_F(SearchFilesTest, CrlfLinesShowWithoutCarriageReturns) {
  ws.write("dos.txt", "one\r\ntwo\r\n");
  EXPECT_EQ(search({{"pattern", "two"}}).text, "dos.txt:2:two\n");
}

TEST_F(SearchFilesTest, PatternStartingWithADashIsAPattern) {
  ws.write("flags.txt", "use --verbose here\n");
  EXPECT_EQ(search({{"pattern", "--verbose"}}).text, "flags.txt:1:use --verbose here\n");
}

TEST_F(SearchFilesTest, CapSaysTheTotal) {
  std::string many;
  for (int i = 0; i < 50; ++i) many += "match " + std::to_string(i) + "\n";
  ws.write("many.txt", many);
  ws.ctx().limits.search_max_matches = 3;
  ToolOutput out = search({{"pattern", "^match"}});
  EXPECT_EQ(out.text,
            "many.txt:1:match 0\nmany.txt:2:match 1\nmany.txt:3:match 2\n"
            "[showing 3 of 50 matches; narrow the search with path, glob or a more specific pattern]\n");
}

TEST_F(SearchFilesTest, LongLinesArePreviewed) {
  ws.write("min.js", "var alpha=" + std::string(5000, 'x') + ";\n");
  ToolOutput out = search({{"pattern", "alpha"}, {"path", "min.js"}});
  EXPECT_LT(out.text.size(), 500u);
  EXPECT_EQ(out.text.rfind("min.js:1:var alpha=xxx", 0), 0u) << out.text;
}

TEST_F(SearchFilesTest, MissingPathIsAnError) {
  ToolOutput out = search({{"pattern", "x"}, {"path", "srcc"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "File not found: srcc. Did you mean src?");
}

TEST_F(SearchFilesTest, InspectNamesTheSearch) {
  auto effect = tool.inspect({{"pattern", "alpha"}, {"path", "src"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kRead);
  EXPECT_EQ(effect->paths, std::vector<std::filesystem::path>{ws.root() / "src"});
  EXPECT_EQ(effect->summary, "search \"alpha\" in src");
}

// read_file's ask and deny rules hold for searches too.
class SearchFilesReadRulesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ws.write("src/ok.txt", "SECRET ok\n");
    ws.write("src/a.txt", "SECRET a\n");
    ws.write("src/{a,b}.txt", "SECRET braces\n");
    ws.write("secrets/key.txt", "SECRET key\n");
    ws.write("vault/inner/key.txt", "SECRET inner\n");
    ws.write("vault/open.txt", "SECRET open\n");
    ws.write(".env", "SECRET=1\n");
    ws.write("sub/.env", "SECRET=2\n");
    std::filesystem::create_directory_symlink(ws.root() / "vault", ws.root() / "alias");
    std::filesystem::create_symlink(ws.root() / "secrets/key.txt", ws.root() / "src/link.txt");
    rule("read_file(secrets/**)", RuleAction::kDeny);
    rule("read_file(vault/inner/**)", RuleAction::kDeny);
    rule("read_file(src/{a,b}.txt)", RuleAction::kDeny);
    rule("read_file(**/.env)", RuleAction::kAsk);
    ws.ctx().read_access = read_access_of(policy);
  }
  void rule(const std::string& text, RuleAction action) {
    auto r = parse_permission_rule(text, action, "test");
    ASSERT_TRUE(r.has_value());
    policy.add_rule(*r);
  }
  ToolOutput search(json args) { return call(tool, args, ws.ctx()); }

  TempWorkspace ws;
  PermissionPolicy policy{PermissionMode::kDefault, ws.root()};
  SearchFilesTool tool;
};

TEST_F(SearchFilesReadRulesTest, CoveredFilesAreLeftOutAndCounted) {
  ToolOutput out = search({{"pattern", "SECRET"}});
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text,
            "src/a.txt:1:SECRET a\nsrc/ok.txt:1:SECRET ok\nvault/open.txt:1:SECRET open\n"
            "[5 files left out by permission rules]\n");
}

TEST_F(SearchFilesReadRulesTest, ACoveredPathIsRefusedAsAWhole) {
  ToolOutput out = search({{"pattern", "."}, {"path", "secrets"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "Not allowed: search \".\" in secrets (denied by the rule read_file(secrets/**)).");
  out = search({{"pattern", "."}, {"path", ".env"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text.rfind("Not allowed: search \".\" in .env (the rule read_file(**/.env) asks", 0), 0u) << out.text;
  // A symlink is judged by where it leads.
  out = search({{"pattern", "."}, {"path", "src/link.txt"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("denied by the rule read_file(secrets/**)"), std::string::npos) << out.text;
}

TEST_F(SearchFilesReadRulesTest, MatchesAreCheckedByTheirRealPath) {
  // alias/ is vault/: the exclusions, drawn from the rules' paths, do not see that alias/inner/ is vault/inner/.
  ToolOutput out = search({{"pattern", "SECRET"}, {"path", "alias"}});
  EXPECT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text, "alias/open.txt:1:SECRET open\n[1 file left out by permission rules]\n");
}

TEST_F(SearchFilesReadRulesTest, ResultsAreCheckedEvenWithoutExclusions) {
  ws.ctx().read_access.patterns.clear();  // as if no rule could be turned into a ripgrep glob
  ToolOutput out = search({{"pattern", "SECRET"}});
  EXPECT_EQ(out.text,
            "src/a.txt:1:SECRET a\nsrc/ok.txt:1:SECRET ok\nvault/open.txt:1:SECRET open\n"
            "[5 files left out by permission rules]\n");
}

TEST_F(SearchFilesReadRulesTest, NothingLeftSaysWhy) {
  ToolOutput out = search({{"pattern", "SECRET key"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "No matches for SECRET key in the workspace.\n[5 files left out by permission rules]\n");
}

TEST_F(SearchFilesReadRulesTest, AskRulesDoNotHoldInBypassMode) {
  policy.set_mode(PermissionMode::kBypass);
  ws.ctx().read_access = read_access_of(policy);
  ToolOutput out = search({{"pattern", "SECRET="}});
  EXPECT_EQ(out.text, ".env:1:SECRET=1\nsub/.env:1:SECRET=2\n[3 files left out by permission rules]\n");
  EXPECT_TRUE(search({{"pattern", "."}, {"path", "secrets"}}).is_error);
}

}  // namespace
}  // namespace pair
