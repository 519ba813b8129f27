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

}  // namespace
}  // namespace pair
