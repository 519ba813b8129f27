#include "mcp/http_reply.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace pair::mcp {
namespace {

struct Collected {
  std::vector<std::string> messages;
  Transport::MessageHandler handler() {
    return [this](std::string m) { messages.push_back(std::move(m)); };
  }
};

TEST(McpReplyFraming, FromContentType) {
  EXPECT_EQ(reply_framing("application/json"), ReplyFraming::kJson);
  EXPECT_EQ(reply_framing("Application/JSON; charset=utf-8"), ReplyFraming::kJson);
  EXPECT_EQ(reply_framing("text/event-stream"), ReplyFraming::kEventStream);
  EXPECT_EQ(reply_framing("text/html"), ReplyFraming::kOther);
  EXPECT_EQ(reply_framing(""), ReplyFraming::kOther);
}

TEST(McpReplyFraming, RequestIdOnlyForRequests) {
  EXPECT_EQ(request_id_of(R"({"jsonrpc":"2.0","id":7,"method":"tools/list"})").value(), "7");
  EXPECT_EQ(request_id_of(R"({"jsonrpc":"2.0","id":"a","method":"ping"})").value(), "\"a\"");
  EXPECT_EQ(request_id_of(R"({"jsonrpc":"2.0","method":"notifications/initialized"})").value(), "");
  EXPECT_EQ(request_id_of(R"({"jsonrpc":"2.0","id":3,"result":{}})").value(), "");
  EXPECT_EQ(request_id_of("[1]").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(request_id_of("{").error().code, ErrorCode::kInvalidArgument);
}

TEST(McpReplyReader, JsonBodyIsOneMessageDeliveredAtTheEnd) {
  Collected got;
  ReplyReader r(ReplyFraming::kJson, "1", 1024, "MCP server 's'", got.handler());
  ASSERT_TRUE(r.feed(R"({"jsonrpc":"2.0","id":1,)"));
  EXPECT_TRUE(got.messages.empty());
  ASSERT_TRUE(r.feed(R"("result":{}})"));
  ASSERT_TRUE(r.finish());
  ASSERT_EQ(got.messages.size(), 1u);
  EXPECT_EQ(got.messages[0], R"({"jsonrpc":"2.0","id":1,"result":{}})");
  EXPECT_TRUE(r.answered());
}

TEST(McpReplyReader, JsonArrayIsABatchOfMessages) {
  Collected got;
  ReplyReader r(ReplyFraming::kJson, "2", 1024, "MCP server 's'", got.handler());
  ASSERT_TRUE(r.feed(R"([{"jsonrpc":"2.0","method":"n"},{"jsonrpc":"2.0","id":2,"result":{}}])"));
  ASSERT_TRUE(r.finish());
  EXPECT_EQ(got.messages.size(), 2u);
  EXPECT_TRUE(r.answered());
}

TEST(McpReplyReader, EventStreamDeliversEachMessageAsItCompletes) {
  Collected got;
  ReplyReader r(ReplyFraming::kEventStream, "5", 1024, "MCP server 's'", got.handler());
  // The priming event (an id, empty data) carries no message.
  ASSERT_TRUE(r.feed("id: e0\ndata: \n\n"));
  EXPECT_TRUE(got.messages.empty());
  EXPECT_EQ(r.last_event_id(), "e0");
  ASSERT_TRUE(r.feed("event: message\nid: e1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n"));
  EXPECT_TRUE(got.messages.empty());  // the event is not complete before its blank line
  ASSERT_TRUE(r.feed("\n: keep-alive\n\nevent: other\ndata: {\"ignored\":true}\n\n"));
  EXPECT_EQ(got.messages.size(), 1u);
  EXPECT_FALSE(r.answered());
  ASSERT_TRUE(r.feed("id: e2\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":5,\r\ndata: \"result\":{}}\r\n\r\n"));
  ASSERT_TRUE(r.finish());
  ASSERT_EQ(got.messages.size(), 2u);
  EXPECT_EQ(got.messages[1], "{\"jsonrpc\":\"2.0\",\"id\":5,\n\"result\":{}}");
  EXPECT_TRUE(r.answered());
  EXPECT_EQ(r.last_event_id(), "e2");
}

TEST(McpReplyReader, ResponseToAnotherIdDoesNotAnswer) {
  Collected got;
  ReplyReader r(ReplyFraming::kEventStream, "5", 1024, "MCP server 's'", got.handler());
  ASSERT_TRUE(r.feed("data: {\"jsonrpc\":\"2.0\",\"id\":6,\"result\":{}}\n\n"));
  ASSERT_TRUE(r.feed("data: {\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"ping\"}\n\n"));  // a server request, id 5
  ASSERT_TRUE(r.finish());
  EXPECT_EQ(got.messages.size(), 2u);
  EXPECT_FALSE(r.answered());
}

TEST(McpReplyReader, OversizedJsonBodyIsACleanError) {
  Collected got;
  ReplyReader r(ReplyFraming::kJson, "1", 64, "MCP server 'big'", got.handler());
  auto fed = r.feed(std::string(65, ' '));
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().code, ErrorCode::kProtocol);
  EXPECT_NE(fed.error().message.find("MCP server 'big' sent a reply larger than"), std::string::npos)
      << fed.error().message;
  EXPECT_FALSE(r.feed("{}"));
  EXPECT_FALSE(r.finish());
  EXPECT_TRUE(got.messages.empty());
}

TEST(McpReplyReader, OversizedEventIsACleanError) {
  Collected got;
  ReplyReader r(ReplyFraming::kEventStream, "1", 64, "MCP server 'big'", got.handler());
  auto fed = r.feed("data: " + std::string(100, 'x'));
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().code, ErrorCode::kProtocol);
  EXPECT_NE(fed.error().message.find("larger than"), std::string::npos) << fed.error().message;
}

TEST(McpReplyReader, InvalidJsonStopsTheStream) {
  Collected got;
  ReplyReader r(ReplyFraming::kEventStream, "1", 1024, "MCP server 'bad'", got.handler());
  auto fed = r.feed("data: {not json\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n");
  ASSERT_FALSE(fed);
  EXPECT_EQ(fed.error().code, ErrorCode::kProtocol);
  EXPECT_NE(fed.error().message.find("MCP server 'bad'"), std::string::npos) << fed.error().message;
  EXPECT_TRUE(got.messages.empty());
  EXPECT_FALSE(r.answered());
}

TEST(McpReplyReader, MalformedJsonBodyAndNonObjectsAreErrors) {
  Collected got;
  ReplyReader bad(ReplyFraming::kJson, "1", 1024, "MCP server 'bad'", got.handler());
  ASSERT_TRUE(bad.feed("<html>oops</html>"));
  auto done = bad.finish();
  ASSERT_FALSE(done);
  EXPECT_EQ(done.error().code, ErrorCode::kProtocol);
  EXPECT_NE(done.error().message.find("not valid JSON"), std::string::npos) << done.error().message;

  ReplyReader scalar(ReplyFraming::kJson, "1", 1024, "MCP server 'bad'", got.handler());
  ASSERT_TRUE(scalar.feed("42"));
  done = scalar.finish();
  ASSERT_FALSE(done);
  EXPECT_NE(done.error().message.find("not a JSON object"), std::string::npos) << done.error().message;
  EXPECT_TRUE(got.messages.empty());
}

}  // namespace
}  // namespace pair::mcp
