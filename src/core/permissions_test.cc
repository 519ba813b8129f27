#include "core/permissions.h"

#include <gtest/gtest.h>

#include "util/paths.h"

namespace pair {
namespace {

ToolEffect effect(ToolAccess a, std::vector<std::filesystem::path> paths) {
  return {a, std::move(paths), "", ""};
}

TEST(Permissions, DefaultMode) {
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  EXPECT_EQ(p.check("read_file", effect(ToolAccess::kRead, {"/ws/a"})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("read_file", effect(ToolAccess::kRead, {"/etc/passwd"})).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("read_file", effect(ToolAccess::kRead, {"/wsx/a"})).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/ws/a"})).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("bash", effect(ToolAccess::kExecute, {})).verdict, PermissionVerdict::kAsk);
}

TEST(Permissions, AcceptEditsAllowsWritesInsideOnly) {
  PermissionPolicy p(PermissionMode::kAcceptEdits, "/ws");
  EXPECT_EQ(p.check("edit_file", effect(ToolAccess::kWrite, {"/ws/src/a"})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("edit_file", effect(ToolAccess::kWrite, {"/tmp/a"})).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("bash", effect(ToolAccess::kExecute, {})).verdict, PermissionVerdict::kAsk);
}

TEST(Permissions, NetworkAsksUnlessAllowed) {
  PermissionPolicy p(PermissionMode::kAcceptEdits, "/ws");
  EXPECT_EQ(p.check("web_fetch", effect(ToolAccess::kNetwork, {})).verdict, PermissionVerdict::kAsk);
  p.set_network_allowed(true);
  EXPECT_EQ(p.check("web_fetch", effect(ToolAccess::kNetwork, {})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(
      PermissionPolicy(PermissionMode::kBypass, "/ws").check("web_fetch", effect(ToolAccess::kNetwork, {})).verdict,
      PermissionVerdict::kAllow);
}

TEST(Permissions, McpToolsAskInEveryModeButBypass) {
  for (auto mode : {PermissionMode::kDefault, PermissionMode::kAcceptEdits}) {
    PermissionPolicy p(mode, "/ws");
    p.set_network_allowed(true);
    auto check = p.check("mcp__everything__echo", effect(ToolAccess::kExternal, {}));
    EXPECT_EQ(check.verdict, PermissionVerdict::kAsk);
    EXPECT_NE(check.reason.find("MCP server"), std::string::npos) << check.reason;
    EXPECT_EQ(p.rule_for("mcp__everything__echo", effect(ToolAccess::kExternal, {})), "mcp__everything__echo");
  }
  EXPECT_EQ(PermissionPolicy(PermissionMode::kBypass, "/ws")
                .check("mcp__everything__echo", effect(ToolAccess::kExternal, {}))
                .verdict,
            PermissionVerdict::kAllow);
}

TEST(Permissions, McpRulesNameOneToolOrAWholeServer) {
  auto rule = [](std::string_view text, RuleAction action) {
    auto r = parse_permission_rule(text, action, "test");
    EXPECT_TRUE(r.has_value()) << text;
    return r.value_or(PermissionRule{});
  };
  auto external = effect(ToolAccess::kExternal, {});
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  p.add_rule(rule("mcp__My-Server__Echo", RuleAction::kAllow));
  EXPECT_EQ(p.check("mcp__My-Server__Echo", external).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("mcp__My-Server__add", external).verdict, PermissionVerdict::kAsk);

  PermissionPolicy server(PermissionMode::kDefault, "/ws");
  server.add_rule(rule("mcp__fs", RuleAction::kAllow));
  server.add_rule(rule("mcp__fs__delete", RuleAction::kDeny));
  EXPECT_EQ(server.check("mcp__fs__read", external).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(server.check("mcp__fs__delete", external).verdict, PermissionVerdict::kDeny);
  EXPECT_EQ(server.check("mcp__fsx__read", external).verdict, PermissionVerdict::kAsk) << "another server";

  PermissionPolicy bypass(PermissionMode::kBypass, "/ws");
  bypass.add_rule(rule("mcp__fs", RuleAction::kDeny));
  auto denied = bypass.check("mcp__fs__read", external);
  EXPECT_EQ(denied.verdict, PermissionVerdict::kDeny);
  EXPECT_NE(denied.reason.find("mcp__fs"), std::string::npos) << denied.reason;

  PermissionPolicy asks(PermissionMode::kDefault, "/ws");
  asks.add_rule(rule("mcp__fs", RuleAction::kAllow));
  asks.add_rule(rule("mcp__fs__write", RuleAction::kAsk));
  EXPECT_EQ(asks.check("mcp__fs__write", external).verdict, PermissionVerdict::kAsk);
  EXPECT_FALSE(parse_permission_rule("Bash", RuleAction::kAllow, "test").has_value()) << "only MCP names take capitals";
}

TEST(Permissions, BypassAllowsEverything) {
  PermissionPolicy p(PermissionMode::kBypass, "/ws");
  EXPECT_EQ(p.check("bash", effect(ToolAccess::kExecute, {})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/etc/x"})).verdict, PermissionVerdict::kAllow);
}

TEST(Permissions, ProtectedFilesAskWhateverTheRulesSayButBypass) {
  PermissionPolicy p(PermissionMode::kAcceptEdits, "/ws");
  ASSERT_TRUE(p.allow_rule("write_file").has_value());
  ASSERT_TRUE(p.allow_rule("edit_file(**)").has_value());
  for (const char* path : {"/ws/.git/config", "/ws/.git/hooks/pre-commit", "/ws/sub/.git/info/attributes",
                           "/ws/.pair/settings.json", "/ws/.pair", "/ws/.mcp.json"}) {
    for (const char* tool : {"write_file", "edit_file"}) {
      auto c = p.check(tool, effect(ToolAccess::kWrite, {path}));
      EXPECT_EQ(c.verdict, PermissionVerdict::kAsk) << tool << " " << path;
      EXPECT_FALSE(c.reason.empty());
    }
  }
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/ws/src/git.cc"})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/ws/.github/ci.yml"})).verdict,
            PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {config_dir() / "settings.json"})).verdict,
            PermissionVerdict::kAsk);
  // Reads are not affected, and bypass runs everything no rule denies.
  EXPECT_EQ(p.check("read_file", effect(ToolAccess::kRead, {"/ws/.git/config"})).verdict, PermissionVerdict::kAllow);
  PermissionPolicy bypass(PermissionMode::kBypass, "/ws");
  EXPECT_EQ(bypass.check("write_file", effect(ToolAccess::kWrite, {"/ws/.git/config"})).verdict,
            PermissionVerdict::kAllow);
}

TEST(Permissions, SessionRules) {
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  p.allow_always("edit_file", "/ws/a");
  p.allow_always("bash");
  EXPECT_EQ(p.check("edit_file", effect(ToolAccess::kWrite, {"/ws/a"})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("edit_file", effect(ToolAccess::kWrite, {"/ws/b"})).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("bash", effect(ToolAccess::kExecute, {})).verdict, PermissionVerdict::kAllow);
}

TEST(Permissions, RuleStrings) {
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  ASSERT_TRUE(p.allow_rule("edit_file(src/a.cc)"));
  ASSERT_TRUE(p.allow_rule("bash(git status)"));
  ASSERT_TRUE(p.allow_rule("list_files"));
  EXPECT_FALSE(p.allow_rule("bash(git status"));
  EXPECT_FALSE(p.allow_rule("(x)"));
  EXPECT_EQ(p.check("edit_file", effect(ToolAccess::kWrite, {"/ws/src/a.cc"})).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/ws/src/a.cc"})).verdict, PermissionVerdict::kAsk);
  ToolEffect status{ToolAccess::kExecute, {"/ws"}, "bash: git status", "git status"};
  ToolEffect push{ToolAccess::kExecute, {"/ws"}, "bash: git push", "git push"};
  EXPECT_EQ(p.check("bash", status).verdict, PermissionVerdict::kAllow);
  EXPECT_EQ(p.check("bash", push).verdict, PermissionVerdict::kAsk);
  EXPECT_EQ(p.check("list_files", effect(ToolAccess::kRead, {"/etc"})).verdict, PermissionVerdict::kAllow);
}

TEST(Permissions, RuleForACall) {
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  EXPECT_EQ(p.rule_for("edit_file", effect(ToolAccess::kWrite, {"/ws/src/a.cc"})), "edit_file(src/a.cc)");
  EXPECT_EQ(p.rule_for("write_file", effect(ToolAccess::kWrite, {"/tmp/x"})), "write_file(/tmp/x)");
  EXPECT_EQ(p.rule_for("bash", {ToolAccess::kExecute, {"/ws"}, "", "make test"}), "bash(make test)");
  EXPECT_EQ(p.rule_for("list_files", effect(ToolAccess::kRead, {})), "list_files");
  // What rule_for writes, allow_rule reads back.
  ASSERT_TRUE(p.allow_rule(p.rule_for("write_file", effect(ToolAccess::kWrite, {"/tmp/x"}))));
  EXPECT_EQ(p.check("write_file", effect(ToolAccess::kWrite, {"/tmp/x"})).verdict, PermissionVerdict::kAllow);
}

TEST(Permissions, ModeNames) {
  EXPECT_EQ(parse_permission_mode("accept-edits"), PermissionMode::kAcceptEdits);
  EXPECT_FALSE(parse_permission_mode("yolo").has_value());
}

}  // namespace
}  // namespace pair
