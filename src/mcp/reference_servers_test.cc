// The client against the reference MCP servers from npm
// (@modelcontextprotocol/server-everything and server-filesystem) over stdio.
// They are installed by tests/support/mcp_npm.sh; the CTest entry
// mcp.reference_servers runs it and passes its directory in
// PAIR_MCP_NPM_DIR. Run alone (without the variable) these tests skip.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "mcp/client.h"
#include "mcp/stdio_transport.h"
#include "util/scoped_temp_dir.h"

namespace pair::mcp {
namespace {

using namespace std::chrono_literals;

class McpReferenceServers : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = std::getenv("PAIR_MCP_NPM_DIR");
    if (!dir || !*dir) GTEST_SKIP() << "PAIR_MCP_NPM_DIR is not set: run `ctest -R mcp.reference_servers`";
    bin_ = std::filesystem::path(dir) / "node_modules" / ".bin";
    ASSERT_TRUE(std::filesystem::exists(bin_ / "mcp-server-everything")) << "not installed: " << bin_;
  }

  std::unique_ptr<Client> start(const std::string& server, std::vector<std::string> args = {}) {
    StdioOptions o;
    o.command = (bin_ / server).string();
    o.args = std::move(args);
    o.stderr_log = temp_.path() / (server + ".log");
    auto client = std::make_unique<Client>(std::make_unique<StdioTransport>(o), ClientOptions{});
    auto connected = client->connect({}, 30s);
    EXPECT_TRUE(connected) << connected.error().message;
    return client;
  }

  static const ServerTool* find(const std::vector<ServerTool>& tools, const std::string& name) {
    for (const auto& t : tools)
      if (t.name == name) return &t;
    return nullptr;
  }

  static std::string text_of(const CallResult& r) {
    std::string t;
    for (const auto& p : r.content)
      if (p.kind != ContentPart::Kind::kImage) t += p.text;
    return t;
  }

  std::filesystem::path bin_;
  testing::ScopedTempDir temp_{"pair-mcp-reference"};
};

TEST_F(McpReferenceServers, EverythingListsAndCallsItsTools) {
  auto client = start("mcp-server-everything");
  EXPECT_EQ(client->server_info().protocol_version, "2025-11-25");
  EXPECT_EQ(client->server_info().name, "mcp-servers/everything");
  auto tools = client->list_tools({});
  ASSERT_TRUE(tools) << tools.error().message;
  const ServerTool* echo = find(*tools, "echo");
  ASSERT_NE(echo, nullptr);
  EXPECT_NE(echo->input_schema.find("\"message\""), std::string::npos) << echo->input_schema;
  EXPECT_TRUE(client->take_warnings().empty());

  auto echoed = client->call_tool("echo", R"({"message":"hello from pair"})", {}, 30s);
  ASSERT_TRUE(echoed) << echoed.error().message;
  EXPECT_FALSE(echoed->is_error);
  EXPECT_NE(text_of(*echoed).find("hello from pair"), std::string::npos) << text_of(*echoed);
}

TEST_F(McpReferenceServers, EverythingReturnsAnImage) {
  auto client = start("mcp-server-everything");
  auto r = client->call_tool("get-tiny-image", "{}", {}, 30s);
  ASSERT_TRUE(r) << r.error().message;
  const ContentPart* image = nullptr;
  for (const auto& p : r->content)
    if (p.kind == ContentPart::Kind::kImage) image = &p;
  ASSERT_NE(image, nullptr) << text_of(*r);
  EXPECT_EQ(image->mime_type, "image/png");
  EXPECT_EQ(image->data.substr(0, 8), "iVBORw0K");  // a PNG's signature in base64
}

TEST_F(McpReferenceServers, EverythingReportsAToolErrorAsIsError) {
  auto client = start("mcp-server-everything");
  auto r = client->call_tool("get-sum", R"({"a":"one","b":2})", {}, 30s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->is_error);
  EXPECT_NE(text_of(*r).find("expected number"), std::string::npos) << text_of(*r);
  auto sum = client->call_tool("get-sum", R"({"a":40,"b":2})", {}, 30s);
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_FALSE(sum->is_error);
  EXPECT_NE(text_of(*sum).find("42"), std::string::npos) << text_of(*sum);
}

TEST_F(McpReferenceServers, FilesystemListsADirectory) {
  temp_.write("project/notes.txt", "hello");
  auto root = (temp_.path() / "project").string();
  auto client = start("mcp-server-filesystem", {root});
  auto tools = client->list_tools({});
  ASSERT_TRUE(tools) << tools.error().message;
  ASSERT_NE(find(*tools, "list_directory"), nullptr);
  auto r = client->call_tool("list_directory", "{\"path\":\"" + root + "\"}", {}, 30s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_FALSE(r->is_error);
  EXPECT_NE(text_of(*r).find("[FILE] notes.txt"), std::string::npos) << text_of(*r);
  // Outside its root it refuses, as a tool error.
  auto outside = client->call_tool("list_directory", R"({"path":"/"})", {}, 30s);
  ASSERT_TRUE(outside) << outside.error().message;
  EXPECT_TRUE(outside->is_error);
}

}  // namespace
}  // namespace pair::mcp
