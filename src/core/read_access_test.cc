#include "core/read_access.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "core/permissions.h"

namespace pair {
namespace {

namespace fs = std::filesystem;

class ReadAccessTest : public ::testing::Test {
 protected:
  ReadAccessTest() {
    write("secrets/key.txt");
    write("src/a.cc");
    write(".env/lib/x.py");  // a directory a rule's pattern names
    fs::create_symlink(root_ / "secrets/key.txt", root_ / "src/link.txt");
    fs::create_directory_symlink(root_ / "secrets", root_ / "alias");
    for (auto [text, action] :
         {std::pair{"read_file(secrets/**)", RuleAction::kDeny}, std::pair{"read_file(**/.env)", RuleAction::kAsk},
          std::pair{"read_file(src/a.cc)", RuleAction::kAllow}, std::pair{"bash(cat *)", RuleAction::kDeny}}) {
      auto r = parse_permission_rule(text, action, "test");
      EXPECT_TRUE(r.has_value());
      policy_.add_rule(*r);
    }
  }
  ~ReadAccessTest() override { fs::remove_all(root_); }
  void write(const std::string& rel) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel) << "x\n";
  }
  ReadDecision decide(const std::string& rel, const std::string& root = "") {
    ReadAccess access = read_access_of(policy_);
    return ReadFilter(access.check, root_ / root, root_).decide(root_ / rel);
  }

  static fs::path make_root() {
    std::string tmpl = (fs::temp_directory_path() / "pair-read-XXXXXX").string();
    return ::mkdtemp(tmpl.data());
  }

  fs::path root_ = make_root();
  PermissionPolicy policy_{PermissionMode::kDefault, root_};
};

TEST_F(ReadAccessTest, PolicyChecksOnlyReadFileAskAndDenyRules) {
  EXPECT_EQ(policy_.read_rule_patterns(), (std::vector<std::string>{"secrets/**", "**/.env"}));
  EXPECT_EQ(policy_.check_read(root_ / "secrets/key.txt").verdict, PermissionVerdict::kDeny);
  EXPECT_EQ(policy_.check_read(root_ / "secrets/key.txt").reason, "denied by the rule read_file(secrets/**)");
  EXPECT_EQ(policy_.check_read(root_ / "sub/.env").verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(policy_.check_read(root_ / "sub/.env").reason, "the rule read_file(**/.env) asks");
  EXPECT_EQ(policy_.check_read(root_ / "src/a.cc").verdict, PermissionVerdict::kAllow);
  policy_.set_mode(PermissionMode::kBypass);
  EXPECT_EQ(policy_.read_rule_patterns(), (std::vector<std::string>{"secrets/**"}));
  EXPECT_EQ(policy_.check_read(root_ / "sub/.env").verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(policy_.check_read(root_ / "secrets/key.txt").verdict, PermissionVerdict::kDeny);
}

TEST_F(ReadAccessTest, NoRulesNoCheck) {
  PermissionPolicy open(PermissionMode::kDefault, root_);
  EXPECT_TRUE(read_access_of(open).empty());
  EXPECT_FALSE(ReadFilter({}, root_, root_).active());
  EXPECT_TRUE(ReadFilter({}, root_, root_).decide(root_ / "secrets/key.txt").allowed());
}

TEST_F(ReadAccessTest, SymlinksAreJudgedByWhereTheyLead) {
  EXPECT_TRUE(decide("src/a.cc").allowed());
  EXPECT_EQ(decide("src/link.txt").verdict, ReadVerdict::kDeny);
  EXPECT_EQ(decide("alias/key.txt").verdict, ReadVerdict::kDeny);
  EXPECT_EQ(decide("alias/key.txt", "alias").verdict, ReadVerdict::kDeny);
}

TEST_F(ReadAccessTest, DirectoriesBelowTheRootCount) {
  // .env/ is covered by **/.env, so what is in it is left out of a listing of the workspace...
  EXPECT_EQ(decide(".env/lib/x.py").verdict, ReadVerdict::kAsk);
  // ...but not of .env/lib, whose own path no rule covers.
  EXPECT_TRUE(decide(".env/lib/x.py", ".env/lib").allowed());
}

TEST_F(ReadAccessTest, DenyWinsOverAsk) {
  write("secrets/.env");
  EXPECT_EQ(decide("secrets/.env").verdict, ReadVerdict::kDeny);
}

}  // namespace
}  // namespace pair
