#include "mcp/mcp_config_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "mcp/mcp_config.h"
#include "util/scoped_temp_dir.h"

namespace pair::mcp {
namespace {

std::string read(const std::filesystem::path& p) {
  return read_file_to_string(p).value_or("<missing>");
}

ServerConfig stdio_server() {
  ServerConfig c;
  c.name = "everything";
  c.command = "npx";
  c.args = {"-y", "@modelcontextprotocol/server-everything"};
  c.env = {{"KEY", "${KEY}"}};
  return c;
}

TEST(McpConfigWriter, AddCreatesAPrivateFileInClaudeCodesFormat) {
  testing::ScopedTempDir dir("pair-mcp-writer");
  auto file = dir.path() / "cfg" / "mcp.json";
  ASSERT_TRUE(add_server(file, stdio_server(), FileAccess::kPrivate).has_value());
  EXPECT_EQ(read(file), R"({
  "mcpServers": {
    "everything": {
      "type": "stdio",
      "command": "npx",
      "args": [
        "-y",
        "@modelcontextprotocol/server-everything"
      ],
      "env": {
        "KEY": "${KEY}"
      }
    }
  }
}
)");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(McpConfigWriter, KeepsOtherKeysAndRefusesATakenName) {
  testing::ScopedTempDir dir("pair-mcp-writer");
  auto file = dir.path() / ".mcp.json";
  dir.write(file, R"({"zeta": 1, "mcpServers": {"old": {"command": "x", "custom": true}}, "alpha": [2]})");
  ServerConfig http;
  http.name = "remote";
  http.transport = ServerConfig::Transport::kHttp;
  http.url = "https://example.com/mcp";
  http.headers = {{"Authorization", "Bearer ${TOKEN}"}};
  ASSERT_TRUE(add_server(file, http, FileAccess::kByLocation).has_value());
  std::string text = read(file);
  EXPECT_LT(text.find("\"zeta\""), text.find("\"mcpServers\"")) << "the file's order is kept";
  EXPECT_LT(text.find("\"mcpServers\""), text.find("\"alpha\""));
  EXPECT_NE(text.find("\"custom\": true"), std::string::npos);
  auto again = add_server(file, http, FileAccess::kByLocation);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("`pair mcp remove remote` first"), std::string::npos);
  // What was written reads back.
  auto entries = parse_mcp_file(text, file, Scope::kProject, [](std::string_view) { return std::string("t"); });
  ASSERT_TRUE(entries.has_value());
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].config.headers.at("Authorization"), "Bearer t");
}

TEST(McpConfigWriter, RemoveTakesOnlyThatServer) {
  testing::ScopedTempDir dir("pair-mcp-writer");
  auto file = dir.path() / "mcp.json";
  EXPECT_FALSE(remove_server(file, "x", FileAccess::kPrivate).value()) << "no file: nothing removed";
  EXPECT_FALSE(std::filesystem::exists(file));
  dir.write(file, R"({"mcpServers": {"a": {"command": "a"}, "b": {"command": "b"}}, "other": true})");
  EXPECT_TRUE(remove_server(file, "a", FileAccess::kPrivate).value());
  EXPECT_FALSE(remove_server(file, "a", FileAccess::kPrivate).value());
  std::string text = read(file);
  EXPECT_EQ(text.find("\"a\""), std::string::npos);
  EXPECT_NE(text.find("\"b\""), std::string::npos);
  EXPECT_NE(text.find("\"other\": true"), std::string::npos);
}

TEST(McpConfigWriter, ABrokenFileIsNotOverwritten) {
  testing::ScopedTempDir dir("pair-mcp-writer");
  auto file = dir.path() / "mcp.json";
  dir.write(file, "{\"mcpServers\": {\n\"a\": }");
  auto r = add_server(file, stdio_server(), FileAccess::kPrivate);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_NE(r.error().message.find("mcp.json:2:"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("fix it first"), std::string::npos);
  EXPECT_EQ(read(file), "{\"mcpServers\": {\n\"a\": }");
  dir.write(file, R"({"mcpServers": []})");
  EXPECT_FALSE(remove_server(file, "a", FileAccess::kPrivate).has_value());
}

}  // namespace
}  // namespace pair::mcp
