#include "mcp/mcp_config.h"

#include <gtest/gtest.h>

#include <map>

#include "util/scoped_env.h"
#include "util/scoped_temp_dir.h"

namespace pair::mcp {
namespace {

std::vector<ServerEntry> parse(const std::string& text, const EnvLookup& env = env_of({}),
                               std::vector<std::string>* warnings = nullptr) {
  auto r = parse_mcp_file(text, "/p/.mcp.json", Scope::kProject, env, warnings);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : std::vector<ServerEntry>{};
}

/// The one entry of `text`, which must be broken; its problem.
std::string problem_of(const std::string& text, const EnvLookup& env = env_of({})) {
  auto entries = parse(text, env);
  EXPECT_EQ(entries.size(), 1u);
  if (entries.empty()) return "";
  EXPECT_EQ(entries[0].state, ServerEntry::State::kBroken) << text;
  return entries[0].problem;
}

TEST(McpConfig, ReadsClaudeCodesFormat) {
  auto entries = parse(R"({
  "mcpServers": {
    "everything": {"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-everything"],
                   "env": {"KEY": "${KEY}"}},
    "remote": {"type": "http", "url": "https://${HOST}/mcp", "headers": {"Authorization": "Bearer ${TOKEN}"}}
  }
})",
                       env_of({{"KEY", "k1"}, {"HOST", "mcp.example.com"}, {"TOKEN", "t0k"}}));
  ASSERT_EQ(entries.size(), 2u);
  const auto& e = entries[0];
  EXPECT_EQ(e.name, "everything");
  EXPECT_EQ(e.line, 3u);
  EXPECT_EQ(e.state, ServerEntry::State::kUsed);
  EXPECT_EQ(e.config.transport, ServerConfig::Transport::kStdio);
  EXPECT_EQ(e.config.command, "npx");
  EXPECT_EQ(e.config.args, (std::vector<std::string>{"-y", "@modelcontextprotocol/server-everything"}));
  EXPECT_EQ(e.config.env.at("KEY"), "k1");
  EXPECT_EQ(e.config.source, "/p/.mcp.json");
  EXPECT_EQ(e.target, "npx -y @modelcontextprotocol/server-everything");
  const auto& h = entries[1];
  EXPECT_EQ(h.config.transport, ServerConfig::Transport::kHttp);
  EXPECT_EQ(h.config.url, "https://mcp.example.com/mcp");
  EXPECT_EQ(h.config.headers.at("Authorization"), "Bearer t0k");
  EXPECT_EQ(h.target, "https://${HOST}/mcp") << "listings show what was written, never a secret";
  EXPECT_EQ(h.written.headers.at("Authorization"), "Bearer ${TOKEN}");
  EXPECT_EQ(e.written.env.at("KEY"), "${KEY}");
}

TEST(McpConfig, TypeFollowsFromTheKeysWhenLeftOut) {
  auto entries = parse(R"({"mcpServers": {"a": {"command": "srv"}, "b": {"url": "http://localhost:3001/mcp"}}})");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].config.transport, ServerConfig::Transport::kStdio);
  EXPECT_EQ(entries[1].config.transport, ServerConfig::Transport::kHttp);
}

TEST(McpConfig, PairsOwnKeys) {
  auto entries = parse(R"({"mcpServers": {"a": {"command": "srv", "enabled": false, "tools": ["echo", "add"],
    "startup_timeout_ms": 2500, "call_timeout_ms": 60000}}})");
  ASSERT_EQ(entries.size(), 1u);
  const auto& c = entries[0].config;
  EXPECT_EQ(entries[0].state, ServerEntry::State::kDisabled);
  EXPECT_FALSE(c.enabled);
  ASSERT_TRUE(c.tools.has_value());
  EXPECT_EQ(*c.tools, (std::vector<std::string>{"echo", "add"}));
  EXPECT_EQ(c.startup_timeout.count(), 2500);
  EXPECT_EQ(c.call_timeout.count(), 60000);
  auto defaults = parse(R"({"mcpServers": {"a": {"command": "srv"}}})");
  EXPECT_FALSE(defaults[0].config.tools.has_value());
  EXPECT_EQ(defaults[0].config.startup_timeout.count(), 10'000);
}

TEST(McpConfig, DisabledServerNeedsNoVariables) {
  auto entries = parse(R"({"mcpServers": {"a": {"command": "srv", "env": {"K": "${UNSET}"}, "enabled": false}}})");
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, ServerEntry::State::kDisabled);
}

TEST(McpConfig, EveryEntryErrorNamesFileLineServerAndFix) {
  struct Case {
    const char* text;
    const char* line;
    const char* says;
  };
  const Case cases[] = {
      {"{\"mcpServers\": {\n\"a\": {\"type\": \"sse\", \"url\": \"http://x/sse\"}}}", ":2:", "\"type\": \"http\""},
      {"{\"mcpServers\": {\n\"a\": {\n\"type\": \"ws\"}}}", ":3:", "must be \"stdio\" or \"http\""},
      {"{\"mcpServers\": {\n\"a\": {}}}", ":2:", "needs \"command\""},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"url\": \"http://x\"}}}", ":3:", "add \"type\""},
      {"{\"mcpServers\": {\n\"a\": {\"type\": \"stdio\"}}}", ":2:", "\"command\" is required"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": 5}}}", ":2:", "\"command\" must be a string"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"args\": \"-y\"}}}", ":3:", "list of strings"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\n\"env\": [\"K=V\"]}}}", ":4:", "object of strings"},
      {"{\"mcpServers\": {\n\"a\": {\"url\": \"http://x\",\n\"headers\": {\"K\": 1}}}}", ":3:", "object of strings"},
      {"{\"mcpServers\": {\n\"a\": {\"url\": \"ftp://x\"}}}", ":2:", "http:// or https://"},
      {"{\"mcpServers\": {\n\"a\": {\"type\": \"http\"}}}", ":2:", "\"url\" is required"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"enabled\": \"no\"}}}", ":3:", "true or false"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"tools\": \"echo\"}}}", ":3:", "list of strings"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"call_timeout_ms\": -1}}}", ":3:", "milliseconds"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"startup_timeout_ms\": 1.5}}}", ":3:", "milliseconds"},
      {"{\"mcpServers\": {\n\"a\": \"npx server\"}}", ":2:", "expected an object"},
      {"{\"mcpServers\": {\n\"my server\": {\"command\": \"x\"}}}", ":2:", "letters, digits, '_' and '-'"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"args\": [\"--token\", \"${TOKEN}\"]}}}",
       ":3:", "\"args[1]\": ${TOKEN} is not set"},
      {"{\"mcpServers\": {\n\"a\": {\"command\": \"x\",\n\"env\": {\"K\": \"${K}\"}}}}", ":3:", "\"env.K\": ${K}"},
      {"{\"mcpServers\": {\n\"a\": {\"url\": \"http://x\",\n\"headers\": {\"Authorization\": \"${T}\"}}}}",
       ":3:", "\"headers.Authorization\": ${T} is not set"},
      {"{\"mcpServers\": {\n\"a\": {\n\"url\": \"${URL}\"}}}", ":3:", "\"url\": ${URL} is not set"},
      {"{\"mcpServers\": {\n\"a\": {\n\"command\": \"${BIN}/srv\"}}}", ":3:", "\"command\": ${BIN} is not set"},
  };
  for (const auto& c : cases) {
    std::string p = problem_of(c.text);
    EXPECT_TRUE(p.starts_with(std::string("/p/.mcp.json") + c.line)) << c.text << "\n" << p;
    EXPECT_NE(p.find("server \""), std::string::npos) << p;
    EXPECT_NE(p.find(c.says), std::string::npos) << c.text << "\n" << p;
  }
}

TEST(McpConfig, BrokenFileIsAnErrorWithLine) {
  auto r = parse_mcp_file("{\n\"mcpServers\": {\n\"a\": {\"command\": \"x\",}\n}}", "/p/.mcp.json", Scope::kProject,
                          env_of({}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_TRUE(r.error().message.starts_with("/p/.mcp.json:3:")) << r.error().message;
  auto not_object = parse_mcp_file("[]", "/p/.mcp.json", Scope::kProject, env_of({}));
  ASSERT_FALSE(not_object.has_value());
  EXPECT_TRUE(not_object.error().message.starts_with("/p/.mcp.json:1:")) << not_object.error().message;
  auto bad_servers = parse_mcp_file("{\n\n\"mcpServers\": []}", "/p/.mcp.json", Scope::kProject, env_of({}));
  ASSERT_FALSE(bad_servers.has_value());
  EXPECT_TRUE(bad_servers.error().message.starts_with("/p/.mcp.json:3:")) << bad_servers.error().message;
  auto nothing = parse_mcp_file("{}", "/p/.mcp.json", Scope::kProject, env_of({}));
  ASSERT_TRUE(nothing.has_value());
  EXPECT_TRUE(nothing->empty());
}

TEST(McpConfig, OneBrokenEntryLeavesTheOthers) {
  auto entries = parse(R"({"mcpServers": {"bad": {"type": "sse", "url": "http://x"}, "good": {"command": "x"}}})");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].state, ServerEntry::State::kBroken);
  EXPECT_EQ(entries[1].state, ServerEntry::State::kUsed);
}

TEST(McpConfig, UnknownKeysAreWarnedAbout) {
  std::vector<std::string> warnings;
  auto entries = parse("{\"mcpServers\": {\n\"a\": {\"command\": \"x\", \"enable\": false}}}", env_of({}), &warnings);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].state, ServerEntry::State::kUsed);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("/p/.mcp.json:2: server \"a\": 1 unknown key ignored: \"enable\""), std::string::npos)
      << warnings[0];
}

TEST(McpConfig, NamesAreLimitedToToolNameCharacters) {
  EXPECT_TRUE(valid_server_name("git-hub_2"));
  EXPECT_FALSE(valid_server_name(""));
  EXPECT_FALSE(valid_server_name("a.b"));
  EXPECT_FALSE(valid_server_name("a b"));
  EXPECT_FALSE(valid_server_name("ü"));
  // A rule mcp__a covers mcp__a__*: these would put their tools under server "a"'s rules.
  EXPECT_FALSE(valid_server_name("a__b"));
  EXPECT_FALSE(valid_server_name("a_"));
  EXPECT_FALSE(valid_server_name("_a"));
  EXPECT_TRUE(valid_server_name("a_b-c"));
}

class McpLoad : public ::testing::Test {
 protected:
  testing::ScopedTempDir dir_{"pair-mcp-config"};
  testing::ScopedEnv config_{"XDG_CONFIG_HOME", (dir_.path() / "config").string()};
  std::filesystem::path workspace_ = dir_.path() / "project";

  void SetUp() override {
    dir_.write("config/pair/mcp.json", R"({"mcpServers": {"shared": {"command": "user-srv"},
                                                          "mine": {"command": "mine"}}})");
    dir_.write("project/.mcp.json", R"({"mcpServers": {"shared": {"command": "project-srv"},
                                                       "theirs": {"url": "http://localhost:9/mcp"}}})");
  }

  const ServerEntry* find(const McpServers& s, const std::string& name, Scope scope) {
    for (const auto& e : s.entries)
      if (e.name == name && e.scope == scope) return &e;
    return nullptr;
  }
};

TEST_F(McpLoad, UntrustedProjectServersAreListedButNotUsed) {
  auto s = load_mcp_servers(workspace_, false, env_of({}));
  ASSERT_EQ(s.entries.size(), 4u);
  auto used = s.used();
  ASSERT_EQ(used.size(), 2u);
  EXPECT_EQ(used[0].name, "mine");
  EXPECT_EQ(used[1].name, "shared");
  EXPECT_EQ(used[1].command, "user-srv");
  EXPECT_EQ(s.untrusted(), (std::vector<std::string>{"shared", "theirs"}));
  EXPECT_EQ(s.untrusted_notice(),
            "2 servers of .mcp.json (shared, theirs) are not used until you trust this project: `pair trust`");
  EXPECT_EQ(find(s, "shared", Scope::kProject)->state, ServerEntry::State::kUntrusted);
}

TEST_F(McpLoad, TrustedProjectWinsOverTheUsersServerOfTheSameName) {
  auto s = load_mcp_servers(workspace_, true, env_of({}));
  auto used = s.used();
  ASSERT_EQ(used.size(), 3u);
  EXPECT_EQ(used[1].name, "shared");
  EXPECT_EQ(used[1].command, "project-srv");
  EXPECT_EQ(find(s, "shared", Scope::kUser)->state, ServerEntry::State::kShadowed);
  EXPECT_TRUE(s.untrusted().empty());
  EXPECT_EQ(s.untrusted_notice(), "");
}

TEST_F(McpLoad, ABrokenFileIsReportedAndTheOtherStillUsed) {
  dir_.write("project/.mcp.json", "{\"mcpServers\": {\n\"x\": }");
  auto s = load_mcp_servers(workspace_, true, env_of({}));
  EXPECT_EQ(s.used().size(), 2u);
  ASSERT_EQ(s.problems.size(), 1u);
  EXPECT_NE(s.problems[0].find(".mcp.json:2:"), std::string::npos) << s.problems[0];
  EXPECT_NE(s.problems[0].find("not used until it is fixed"), std::string::npos) << s.problems[0];
}

TEST_F(McpLoad, BrokenEntriesOfAnUntrustedProjectAreNotReported) {
  dir_.write("project/.mcp.json", R"({"mcpServers": {"x": {"command": "${UNSET_FOR_TEST}"}}})");
  EXPECT_TRUE(load_mcp_servers(workspace_, false, env_of({})).problems.empty());
  auto trusted = load_mcp_servers(workspace_, true, env_of({}));
  ASSERT_EQ(trusted.problems.size(), 1u);
  EXPECT_NE(trusted.problems[0].find("${UNSET_FOR_TEST} is not set"), std::string::npos);
}

}  // namespace
}  // namespace pair::mcp
