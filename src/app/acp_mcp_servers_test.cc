#include "app/acp_mcp_servers.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair {
namespace {
using nlohmann::json;

TEST(AcpMcpServers, StdioAndHttpServersBecomeConfigs) {
  auto servers = acp_mcp_servers(json::parse(R"([
    {"name":"fs","command":"/bin/fs-server","args":["--root","/w"],"env":[{"name":"A","value":"1"},{"value":"x"}]},
    {"type":"http","name":"web","url":"http://127.0.0.1:9/mcp","headers":[{"name":"Authorization","value":"t"}]}
  ])"));
  ASSERT_TRUE(servers.has_value()) << servers.error().message;
  ASSERT_EQ(servers->size(), 2u);
  const auto& fs = (*servers)[0];
  EXPECT_EQ(fs.name, "fs");
  EXPECT_EQ(fs.transport, mcp::ServerConfig::Transport::kStdio);
  EXPECT_EQ(fs.command, "/bin/fs-server");
  EXPECT_EQ(fs.args, (std::vector<std::string>{"--root", "/w"}));
  EXPECT_EQ(fs.env, (std::map<std::string, std::string>{{"A", "1"}}));
  const auto& web = (*servers)[1];
  EXPECT_EQ(web.transport, mcp::ServerConfig::Transport::kHttp);
  EXPECT_EQ(web.url, "http://127.0.0.1:9/mcp");
  EXPECT_EQ(web.headers.at("Authorization"), "t");
  EXPECT_TRUE(acp_mcp_servers(json()).has_value());
}

TEST(AcpMcpServers, WhatPairCannotStartIsAnErrorNamingTheEntry) {
  for (const char* bad : {R"({"name":"x"})", R"([{"command":"c"}])", R"([{"name":"n"}])",
                          R"([{"name":"n","type":"http"}])", R"([{"name":"old","type":"sse","url":"http://h"}])"}) {
    auto servers = acp_mcp_servers(json::parse(bad));
    ASSERT_FALSE(servers.has_value()) << bad;
    EXPECT_EQ(servers.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_NE(acp_mcp_servers(json::parse(R"([{"name":"old","type":"sse","url":"u"}])")).error().message.find("old"),
            std::string::npos);
}

TEST(AcpMcpServers, EditorNamesBecomeServerNamesThatReachIntoNoOtherServersRules) {
  auto names = [](const char* list) {
    std::vector<std::string> out;
    auto servers = acp_mcp_servers(json::parse(list));
    EXPECT_TRUE(servers.has_value()) << list;
    if (servers)
      for (const auto& s : *servers) out.push_back(s.name);
    return out;
  };
  EXPECT_EQ(names(R"([{"name":"My Server","command":"c"},{"name":"git__hub_","command":"c"}])"),
            (std::vector<std::string>{"My-Server", "git_hub"}));
  // "a__b" would otherwise fall under a rule mcp__a; two names that become one are refused.
  auto clash = acp_mcp_servers(json::parse(R"([{"name":"a_b","command":"c"},{"name":"a__b","command":"c"}])"));
  ASSERT_FALSE(clash.has_value());
  EXPECT_NE(clash.error().message.find("also named a_b"), std::string::npos) << clash.error().message;
  EXPECT_FALSE(acp_mcp_servers(json::parse(R"([{"name":"___","command":"c"}])")).has_value());
}

}  // namespace
}  // namespace pair
