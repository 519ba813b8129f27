#include "tools/mcp_tool.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/permissions.h"

namespace pair {
namespace {

/// A server that answers every call with `answer` and records what it was asked.
class FakeServer : public mcp::ServerConnection {
 public:
  Result<std::vector<mcp::ServerTool>> list_tools(std::stop_token) override { return std::vector<mcp::ServerTool>{}; }
  Result<mcp::CallResult> call_tool(const std::string& name, const std::string& arguments_json, std::stop_token,
                                    std::chrono::milliseconds timeout) override {
    called = name;
    arguments = arguments_json;
    timeout_seen = timeout;
    return answer;
  }
  Result<mcp::CallResult> answer = mcp::CallResult{};
  std::string called, arguments;
  std::chrono::milliseconds timeout_seen{0};
};

mcp::OfferedTool offered() {
  mcp::OfferedTool t;
  t.spec = {"mcp__everything__echo", "Echoes back the input", R"({"type":"object"})"};
  t.server = "everything";
  t.server_tool = "echo";
  return t;
}

McpTool tool_on(std::shared_ptr<FakeServer> server) {
  return McpTool(
      offered(), [server](std::stop_token) -> Result<std::shared_ptr<mcp::ServerConnection>> { return server; },
      std::chrono::milliseconds(1234));
}

mcp::ContentPart text(std::string t) {
  return {mcp::ContentPart::Kind::kText, std::move(t), "", ""};
}

TEST(McpTool, CallsTheServersToolWithTheArgumentsAndTimeout) {
  auto server = std::make_shared<FakeServer>();
  server->answer = mcp::CallResult{false, {text("Echo: hi"), text("second")}};
  auto tool = tool_on(server);
  EXPECT_EQ(tool.spec().name, "mcp__everything__echo");
  ToolContext ctx;
  auto out = tool.run(nlohmann::json{{"message", "hi"}}, ctx);
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "Echo: hi\nsecond");
  EXPECT_EQ(server->called, "echo");
  EXPECT_EQ(server->arguments, R"({"message":"hi"})");
  EXPECT_EQ(server->timeout_seen, std::chrono::milliseconds(1234));
}

TEST(McpTool, IsErrorBecomesAnErrorResult) {
  auto server = std::make_shared<FakeServer>();
  server->answer = mcp::CallResult{true, {text("bad input")}};
  auto out = tool_on(server).run(nlohmann::json::object(), ToolContext{});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "bad input");
}

TEST(McpTool, ProtocolErrorsNameTheServerAndTheSessionGoesOn) {
  auto server = std::make_shared<FakeServer>();
  server->answer = std::unexpected(Error(ErrorCode::kDisconnected, "the server exited (status 1)"));
  auto tool = tool_on(server);
  auto out = tool.run(nlohmann::json::object(), ToolContext{});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("MCP server 'everything'"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("the server exited (status 1)"), std::string::npos) << out.text;

  server->answer = std::unexpected(Error(ErrorCode::kTimeout, "no answer"));
  out = tool.run(nlohmann::json::object(), ToolContext{});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("call_timeout_ms"), std::string::npos) << out.text;

  server->answer = mcp::CallResult{false, {text("fine again")}};
  EXPECT_EQ(tool.run(nlohmann::json::object(), ToolContext{}).text, "fine again");
}

TEST(McpTool, NoConnectionIsAnErrorResult) {
  McpTool tool(
      offered(),
      [](std::stop_token) -> Result<std::shared_ptr<mcp::ServerConnection>> {
        return std::unexpected(Error(ErrorCode::kNotFound, "MCP server 'everything' failed to start: no such command"));
      },
      std::chrono::milliseconds(1000));
  auto out = tool.run(nlohmann::json::object(), ToolContext{});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("failed to start"), std::string::npos) << out.text;
}

TEST(McpTool, ImagesBecomeOutputImagesMarkedWhereTheyWere) {
  mcp::CallResult r;
  r.content = {text("before"),
               {mcp::ContentPart::Kind::kImage, "", "image/png", std::string(400, 'A')},
               text("between"),
               {mcp::ContentPart::Kind::kImage, "", "image/jpeg", "BBBB"},
               {mcp::ContentPart::Kind::kOther, "[audio: audio/wav]", "audio/wav", ""}};
  auto out = mcp_result_output(r, 1000, 1000);
  EXPECT_EQ(out.text,
            "before\n[image 1: image/png, about 300 bytes]\nbetween\n[image 2: image/jpeg, about 3 bytes]\n"
            "[audio: audio/wav]");
  ASSERT_EQ(out.images.size(), 2u);
  EXPECT_EQ(out.images[0].mime_type, "image/png");
  EXPECT_EQ(out.images[0].data_base64, std::string(400, 'A'));
  EXPECT_EQ(out.images[1].mime_type, "image/jpeg");
  EXPECT_FALSE(out.is_error);
}

TEST(McpTool, ImagesOfOtherTypesAreDescribed) {
  mcp::CallResult r;
  r.content = {{mcp::ContentPart::Kind::kImage, "", "image/svg+xml", "PHN2Zz4="}};
  auto out = mcp_result_output(r, 1000, 1000);
  EXPECT_TRUE(out.images.empty());
  EXPECT_EQ(out.text,
            "[image (image/svg+xml, about 5 bytes) not shown: only PNG, JPEG, GIF and WebP images reach the model]");
}

TEST(McpTool, HugeResultsKeepHeadAndTail) {
  mcp::CallResult r;
  r.content = {text("HEAD" + std::string(1'000'000, 'x') + "TAIL")};
  auto out = mcp_result_output(r, 100, 100);
  EXPECT_LT(out.text.size(), 400u);
  EXPECT_TRUE(out.text.starts_with("HEAD")) << out.text;
  EXPECT_TRUE(out.text.ends_with("TAIL")) << out.text;
}

TEST(McpTool, InspectAsksAsAnExternalTool) {
  auto tool = tool_on(std::make_shared<FakeServer>());
  auto effect = tool.inspect(nlohmann::json{{"message", "hi"}}, ToolContext{});
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kExternal);
  EXPECT_NE(effect->summary.find("mcp__everything__echo"), std::string::npos);
  EXPECT_NE(effect->detail.find("\"hi\""), std::string::npos);
  PermissionPolicy p(PermissionMode::kDefault, "/ws");
  EXPECT_EQ(p.check(tool.spec().name, *effect).verdict, PermissionVerdict::kAsk);
}

/// A server whose calls answer from a list, one each, for calls that fail before they succeed.
class SequenceServer : public mcp::ServerConnection {
 public:
  Result<std::vector<mcp::ServerTool>> list_tools(std::stop_token) override { return std::vector<mcp::ServerTool>{}; }
  Result<mcp::CallResult> call_tool(const std::string&, const std::string&, std::stop_token,
                                    std::chrono::milliseconds) override {
    return answers.at(calls++);
  }
  std::vector<Result<mcp::CallResult>> answers;
  size_t calls = 0;
};

TEST(McpTool, ACallTheServerNeverTookIsSentOnceMoreOnANewConnection) {
  auto ok = mcp::CallResult{false, {text("Echo: back")}};
  struct Case {
    Error first;
    bool retried;
  } cases[] = {
      {Error(ErrorCode::kConnection, "cannot connect"), true},                      // it was down
      {Error(ErrorCode::kDisconnected, "no longer knows the session", 404), true},  // it restarted
      {Error(ErrorCode::kDisconnected, "died during the call"), false},             // it may have run: not again
      {Error(ErrorCode::kTimeout, "no answer"), false},
  };
  for (const auto& c : cases) {
    auto server = std::make_shared<SequenceServer>();
    server->answers = {std::unexpected(c.first), ok};
    int connections = 0;
    McpTool tool(
        offered(),
        [&](std::stop_token) -> Result<std::shared_ptr<mcp::ServerConnection>> {
          ++connections;
          return server;
        },
        std::chrono::milliseconds(1000));
    ToolContext ctx;
    auto out = tool.run(nlohmann::json::object(), ctx);
    EXPECT_EQ(server->calls, c.retried ? 2u : 1u) << c.first.message;
    EXPECT_EQ(connections, c.retried ? 2 : 1) << c.first.message;
    EXPECT_EQ(out.is_error, !c.retried) << out.text;
    if (c.retried) {
      EXPECT_EQ(out.text, "Echo: back");
    }
  }
}

}  // namespace
}  // namespace pair
