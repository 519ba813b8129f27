#include "mcp/http_transport.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mcp/scripted_http_server.h"

namespace pair::mcp {
namespace {

using testing::ScriptedHttpServer;
using Reply = ScriptedHttpServer::Reply;

constexpr const char* kInitialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})";
constexpr const char* kInitialized = R"({"jsonrpc":"2.0","method":"notifications/initialized"})";
constexpr const char* kList = R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})";
constexpr const char* kInitResult = R"({"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25"}})";
constexpr const char* kListResult = R"({"jsonrpc":"2.0","id":2,"result":{"tools":[]}})";

Reply json_reply(std::string body, std::vector<std::string> extra = {}) {
  extra.push_back("Content-Type: application/json");
  extra.push_back("Content-Length: " + std::to_string(body.size()));
  return Reply{200, extra, {std::move(body)}, false};
}
Reply status_reply(int status, std::string body = "") {
  return Reply{status, {"Content-Length: " + std::to_string(body.size())}, {std::move(body)}, false};
}

ServerConfig config_for(const ScriptedHttpServer& server, std::map<std::string, std::string> headers = {}) {
  ServerConfig c;
  c.name = "remote";
  c.transport = ServerConfig::Transport::kHttp;
  c.url = server.url();
  c.headers = std::move(headers);
  c.source = "/home/u/.config/pair/mcp.json";
  return c;
}

/// Replies to POSTs only: the scripted server answers one request at a time, in order, and the GET
/// stream would take replies meant for POSTs (McpHttpTransport.ListensOn... tests the stream itself).
HttpTransportOptions posts_only() {
  HttpTransportOptions o;
  o.listen = false;
  return o;
}

/// Checks a GET of the event stream: its Accept header, session and resume point.
void expect_stream_get(const ScriptedHttpServer::Request& r, const std::string& session,
                       const std::string& last_event_id) {
  EXPECT_EQ(r.method, "GET");
  EXPECT_EQ(r.header("Accept"), "text/event-stream");
  EXPECT_EQ(r.header("Mcp-Session-Id"), session);
  EXPECT_EQ(r.header("Last-Event-ID"), last_event_id);
}

struct Harness {
  explicit Harness(ServerConfig config, HttpTransportOptions options = posts_only()) : transport(config, options) {
    transport.set_handlers([this](std::string m) { messages.push_back(std::move(m)); },
                           [this](const Error& e) { closed.push_back(e.message); });
    EXPECT_TRUE(transport.open({}));
  }
  HttpTransport transport;
  std::vector<std::string> messages;
  std::vector<std::string> closed;
};

TEST(McpHttpTransport, PostsJsonAndDeliversAJsonReply) {
  ScriptedHttpServer server({json_reply(kInitResult)});
  Harness h(config_for(server));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  ASSERT_EQ(h.messages.size(), 1u);
  EXPECT_EQ(h.messages[0], kInitResult);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_NE(requests[0].head.find("POST /mcp HTTP/1.1"), std::string::npos);
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(requests[0].header("Accept"), "application/json, text/event-stream");
  EXPECT_EQ(requests[0].body, kInitialize);
  EXPECT_EQ(requests[0].header("Mcp-Session-Id"), "");
  EXPECT_EQ(requests[0].header("MCP-Protocol-Version"), "");
}

TEST(McpHttpTransport, EchoesTheSessionIdAndSendsTheProtocolVersion) {
  Reply lenient{200, {"Content-Type: text/plain", "Content-Length: 8"}, {"Accepted"}, false};
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: sess-42"}), status_reply(202), lenient,
                             json_reply(kListResult, {"Mcp-Session-Id: another"})});
  Harness h(config_for(server, {{"Authorization", "Bearer t0k"}}));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  EXPECT_EQ(h.transport.session_id(), "sess-42");
  h.transport.set_protocol_version("2025-11-25");
  ASSERT_TRUE(h.transport.send(kInitialized, {}));  // 202, no body
  ASSERT_TRUE(h.transport.send(kInitialized, {}));  // 200 with a text body: nothing was awaited, it is ignored
  ASSERT_TRUE(h.transport.send(kList, {}));
  EXPECT_EQ(h.transport.session_id(), "sess-42");  // the first one offered is kept
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[0].header("Authorization"), "Bearer t0k");
  for (size_t i = 1; i < 4; ++i) {
    EXPECT_EQ(requests[i].header("Mcp-Session-Id"), "sess-42") << i;
    EXPECT_EQ(requests[i].header("MCP-Protocol-Version"), "2025-11-25") << i;
    EXPECT_EQ(requests[i].header("Authorization"), "Bearer t0k") << i;
  }
  EXPECT_EQ(h.messages.size(), 2u);
}

TEST(McpHttpTransport, DeliversEventStreamMessagesAsTheyArrive) {
  Reply sse{
      200,
      {"Content-Type: text/event-stream", "Mcp-Session-Id: s1"},
      {"id: p0\ndata:\n\n",
       "id: p1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":1}}\n\n",
       "id: p2\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progress\":2}}\n\n",
       std::string("id: p3\ndata: ") + kInitResult + "\n\n"},
      true};
  ScriptedHttpServer server({sse});
  HttpTransport transport(config_for(server), {});
  std::vector<std::string> messages;
  std::string session_seen_by_handler;
  transport.set_handlers(
      [&](std::string m) {
        messages.push_back(std::move(m));
        session_seen_by_handler = transport.session_id();
        server.release();  // the server writes the next event only after this one arrived
      },
      nullptr);
  ASSERT_TRUE(transport.open({}));
  // The priming event carries no message: release the first real one by hand.
  server.release();
  ASSERT_TRUE(transport.send(kInitialize, {}));
  EXPECT_TRUE(server.all_released_in_time());
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_NE(messages[0].find("\"progress\":1"), std::string::npos);
  EXPECT_NE(messages[1].find("\"progress\":2"), std::string::npos);
  EXPECT_EQ(messages[2], kInitResult);
  EXPECT_EQ(session_seen_by_handler, "s1");  // known before the first message is handled
}

TEST(McpHttpTransport, RequestAnsweredWithoutItsResponseIsAnError) {
  ScriptedHttpServer server(
      {status_reply(202),
       Reply{200, {"Content-Type: text/event-stream"}, {"data: {\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n\n"}, false}});
  Harness h(config_for(server));
  auto accepted = h.transport.send(kList, {});
  ASSERT_FALSE(accepted);
  EXPECT_EQ(accepted.error().code, ErrorCode::kProtocol);
  EXPECT_NE(accepted.error().message.find("answered HTTP 202 with no body to request 2"), std::string::npos)
      << accepted.error().message;
  auto cut = h.transport.send(kList, {});
  ASSERT_FALSE(cut);
  EXPECT_NE(cut.error().message.find("ended its reply without the response"), std::string::npos) << cut.error().message;
  EXPECT_EQ(h.messages.size(), 1u);  // the notification before the end still arrived
}

TEST(McpHttpTransport, ResumesACutStreamFromTheLastEventAfterTheRetryPause) {
  Reply cut{200,
            {"Content-Type: text/event-stream", "Mcp-Session-Id: s5"},
            {"id: r0\nretry: 300\ndata:\n\n",
             "id: r1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n"},
            false};
  Reply cut_again{200, {"Content-Type: text/event-stream"}, {"id: r2\nretry: 10\n\n"}, false};
  Reply rest{200, {"Content-Type: text/event-stream"}, {std::string("id: r3\ndata: ") + kListResult + "\n\n"}, false};
  ScriptedHttpServer server({cut, cut_again, rest});
  HttpTransportOptions no_pause_of_our_own = posts_only();
  no_pause_of_our_own.resume_delay = std::chrono::milliseconds(0);
  Harness h(config_for(server, {{"Authorization", "Bearer t"}}), no_pause_of_our_own);
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(h.transport.send(kList, {}));
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));  // the server's retry
  ASSERT_EQ(h.messages.size(), 2u);
  EXPECT_EQ(h.messages[1], kListResult);
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 3u);
  expect_stream_get(requests[1], "s5", "r1");
  EXPECT_EQ(requests[1].header("Authorization"), "Bearer t");
  EXPECT_EQ(requests[2].header("Last-Event-ID"), "r2");  // an id without data moves the resume point
}

TEST(McpHttpTransport, AStreamThatCannotBeResumedIsAnError) {
  Reply cut{200, {"Content-Type: text/event-stream"}, {"id: r0\nretry: 1\ndata:\n\n"}, false};
  ScriptedHttpServer server({cut, status_reply(405)});
  Harness h(config_for(server));
  auto r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  EXPECT_NE(r.error().message.find("closed the reply stream before answering request 2, and resuming it (GET with "
                                   "Last-Event-ID) got HTTP 405"),
            std::string::npos)
      << r.error().message;
  // A notification's reply is never resumed: nothing is awaited.
  Reply primed{200, {"Content-Type: text/event-stream"}, {"id: n0\ndata:\n\n"}, false};
  ScriptedHttpServer server2({primed});
  Harness h2(config_for(server2));
  EXPECT_TRUE(h2.transport.send(kInitialized, {}));
  EXPECT_EQ(server2.requests().size(), 1u);
}

TEST(McpHttpTransport, ListensOnTheGetStreamOnceASessionExists) {
  Reply stream{200,
               {"Content-Type: text/event-stream"},
               {"id: g1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n"},
               false};
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: s7"}), status_reply(202), stream,
                             status_reply(405), status_reply(202), status_reply(200)});
  HttpTransportOptions options;
  options.resume_delay = std::chrono::milliseconds(0);
  HttpTransport transport(config_for(server), options);
  std::mutex mu;
  std::vector<std::string> messages;
  transport.set_handlers(
      [&](std::string m) {
        std::lock_guard lock(mu);
        messages.push_back(std::move(m));
      },
      nullptr);
  ASSERT_TRUE(transport.open({}));
  ASSERT_TRUE(transport.send(kInitialize, {}));
  EXPECT_EQ(server.requests().size(), 1u);  // no stream before the protocol version is known
  transport.set_protocol_version("2025-11-25");
  ASSERT_TRUE(transport.send(kInitialized, {}));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server.requests().size() < 4 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // 405: no third GET follows
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  expect_stream_get(requests[2], "s7", "");
  EXPECT_EQ(requests[2].header("MCP-Protocol-Version"), "2025-11-25");
  expect_stream_get(requests[3], "s7", "g1");
  {
    std::lock_guard lock(mu);
    ASSERT_EQ(messages.size(), 2u);
    EXPECT_NE(messages[1].find("notifications/tools/list_changed"), std::string::npos);
  }
  // Refused once, the stream is not asked for again on later sends.
  ASSERT_TRUE(transport.send(kInitialized, {}));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  transport.close();
  requests = server.requests();
  ASSERT_EQ(requests.size(), 6u);
  EXPECT_EQ(requests[4].method, "POST");
  EXPECT_EQ(requests[5].method, "DELETE");
}

TEST(McpHttpTransport, CloseStopsAGetStreamInProgress) {
  Reply held{200,
             {"Content-Type: text/event-stream"},
             {"id: g1\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"n\"}\n\n", "data: {}\n\n"},
             true};
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: s8"}), status_reply(202), held});
  HttpTransportOptions options;
  options.close_timeout = std::chrono::milliseconds(200);  // the server, busy with the stream, cannot take the DELETE
  HttpTransport transport(config_for(server), options);
  std::atomic<int> received{0};
  transport.set_handlers([&](std::string) { ++received; }, nullptr);
  ASSERT_TRUE(transport.open({}));
  ASSERT_TRUE(transport.send(kInitialize, {}));
  transport.set_protocol_version("2025-11-25");
  ASSERT_TRUE(transport.send(kInitialized, {}));
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (received < 2 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_EQ(received, 2);  // the stream is open and held by the server
  auto start = std::chrono::steady_clock::now();
  transport.close();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));  // not the server's 5 s hold
  server.release();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  EXPECT_EQ(received, 2);  // the stream was closed: what the server sends now reaches no one
}

TEST(McpHttpTransport, UnauthorizedNamesTheUrlAndTheHeaderToSet) {
  ScriptedHttpServer server({status_reply(401, R"({"error":"invalid_token"})"), status_reply(403)});
  Harness h(config_for(server));
  auto r = h.transport.send(kInitialize, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuth);
  EXPECT_EQ(r.error().http_status, 401);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find(server.url()), std::string::npos) << m;
  EXPECT_NE(m.find("HTTP 401"), std::string::npos) << m;
  EXPECT_NE(m.find(R"("headers": {"Authorization": "Bearer ${MY_TOKEN}"})"), std::string::npos) << m;
  EXPECT_NE(m.find("/home/u/.config/pair/mcp.json"), std::string::npos) << m;

  ScriptedHttpServer server2({status_reply(403)});
  Harness h2(config_for(server2, {{"Authorization", "Bearer wrong"}}));
  r = h2.transport.send(kInitialize, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kAuth);
  EXPECT_NE(r.error().message.find("the headers sent (Authorization) were refused"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(r.error().message.find("wrong"), std::string::npos) << "the token itself stays out of messages";
}

TEST(McpHttpTransport, NotFoundWithASessionMeansTheSessionExpired) {
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: old"}), status_reply(404), status_reply(404),
                             json_reply(kInitResult, {"Mcp-Session-Id: new"})});
  Harness h(config_for(server));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  h.transport.set_protocol_version("2025-11-25");
  auto r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  EXPECT_EQ(r.error().http_status, 404);
  EXPECT_NE(r.error().message.find("no longer knows the session old (HTTP 404)"), std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find("initialize again"), std::string::npos) << r.error().message;
  ASSERT_EQ(h.closed.size(), 1u);
  EXPECT_EQ(h.closed[0], r.error().message);
  EXPECT_EQ(h.transport.session_id(), "");

  // Without a session id a 404 is a wrong URL, and the closed handler is not told again.
  r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kHttp);
  EXPECT_NE(r.error().message.find("no MCP endpoint at " + server.url()), std::string::npos) << r.error().message;
  EXPECT_EQ(h.closed.size(), 1u);

  // The next initialize starts a new session.
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  EXPECT_EQ(h.transport.session_id(), "new");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 4u);
  EXPECT_EQ(requests[1].header("Mcp-Session-Id"), "old");
  EXPECT_EQ(requests[2].header("Mcp-Session-Id"), "");
  EXPECT_EQ(requests[3].header("Mcp-Session-Id"), "");
  EXPECT_EQ(requests[3].header("MCP-Protocol-Version"), "");
}

TEST(McpHttpTransport, BadRequestNamingTheSessionAlsoEndsIt) {
  // What servers built on the TypeScript SDK answer for a session id they do not know (they restarted).
  const std::string unknown =
      R"({"jsonrpc":"2.0","error":{"code":-32000,"message":"Bad Request: No valid session ID provided"}})";
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: old"}), status_reply(400, unknown),
                             status_reply(400, R"({"error":"bad JSON"})")});
  Harness h(config_for(server));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  auto r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  EXPECT_EQ(r.error().http_status, 400);
  EXPECT_NE(r.error().message.find("no longer knows the session old (HTTP 400)"), std::string::npos)
      << r.error().message;
  ASSERT_EQ(h.closed.size(), 1u);
  EXPECT_EQ(h.transport.session_id(), "");
  // A 400 about something else is the server's answer to that request, and ends nothing.
  r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kHttp);
  EXPECT_EQ(h.closed.size(), 1u);
}

TEST(McpHttpTransport, AServerThatStoppedAnsweringEndsTheConnectionOnce) {
  std::string url;
  {
    ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: s1"})});
    url = server.url();
  }
  ServerConfig c;
  c.name = "gone";
  c.url = url;  // nothing listens there any more
  HttpTransport transport(c, posts_only());
  std::vector<std::string> closed;
  transport.set_handlers([](std::string) {}, [&](const Error& e) { closed.push_back(e.message); });
  ASSERT_TRUE(transport.open({}));
  for (int i = 0; i < 2; ++i) {
    auto r = transport.send(kList, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kConnection);
  }
  ASSERT_EQ(closed.size(), 1u) << "told once, so the client closes and its user connects anew";
  EXPECT_NE(closed[0].find("MCP server 'gone'"), std::string::npos) << closed[0];
}

TEST(McpHttpTransport, CloseDeletesTheSessionOnce) {
  ScriptedHttpServer server({json_reply(kInitResult, {"Mcp-Session-Id: s9"}), status_reply(405)});
  Harness h(config_for(server, {{"Authorization", "Bearer t"}}));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  h.transport.close();  // 405: the server keeps its sessions; nothing to report
  h.transport.close();
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[1].method, "DELETE");
  EXPECT_EQ(requests[1].header("Mcp-Session-Id"), "s9");
  EXPECT_EQ(requests[1].header("Authorization"), "Bearer t");
  auto after = h.transport.send(kList, {});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kDisconnected);
  EXPECT_EQ(server.requests().size(), 2u);
  EXPECT_TRUE(h.closed.empty());
}

TEST(McpHttpTransport, CloseWithoutASessionSendsNothing) {
  ScriptedHttpServer server({json_reply(kInitResult)});
  Harness h(config_for(server));
  ASSERT_TRUE(h.transport.send(kInitialize, {}));
  h.transport.close();
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST(McpHttpTransport, HugeMalformedOrForeignRepliesAreCleanErrors) {
  HttpTransportOptions small = posts_only();
  small.max_message_bytes = 1024;
  std::string huge = R"({"jsonrpc":"2.0","id":2,"result":{"text":")" + std::string(4096, 'x') + "\"}}";
  ScriptedHttpServer server({json_reply(huge),
                             Reply{200, {"Content-Type: text/event-stream"}, {"data: " + huge + "\n\n"}, false},
                             json_reply("{\"jsonrpc\":"), Reply{200, {"Content-Type: text/html"}, {"<html/>"}, false},
                             status_reply(500, "Internal error\nat line 3")});
  Harness h(config_for(server), small);
  for (int i = 0; i < 2; ++i) {
    auto r = h.transport.send(kList, {});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
    EXPECT_NE(r.error().message.find("larger than 1.00 KiB"), std::string::npos) << r.error().message;
  }
  auto r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("MCP server 'remote'"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("not valid JSON"), std::string::npos) << r.error().message;
  r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kWrongServer);
  EXPECT_NE(r.error().message.find("\"text/html\""), std::string::npos) << r.error().message;
  r = h.transport.send(kList, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kHttp);
  EXPECT_EQ(r.error().http_status, 500);
  EXPECT_NE(r.error().message.find("answered HTTP 500: Internal error at line 3"), std::string::npos)
      << r.error().message;
  EXPECT_TRUE(h.messages.empty());
}

TEST(McpHttpTransport, StopCancelsAReplyInProgress) {
  ScriptedHttpServer server({Reply{200,
                                   {"Content-Type: text/event-stream"},
                                   {"data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\n\n",
                                    std::string("data: ") + kListResult + "\n\n"},
                                   true}});
  std::stop_source stop;
  HttpTransport transport(config_for(server), {});
  transport.set_handlers([&](std::string) { stop.request_stop(); }, nullptr);
  ASSERT_TRUE(transport.open({}));
  auto start = std::chrono::steady_clock::now();
  auto r = transport.send(kList, stop.get_token());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  server.release();
}

TEST(McpHttpTransport, UnreachableServerAndBadConfigurationSaySo) {
  ServerConfig c;
  c.name = "gone";
  c.url = "http://127.0.0.1:1/mcp";
  HttpTransport gone(c);
  ASSERT_TRUE(gone.open({}));
  auto r = gone.send(kInitialize, {});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConnection);
  EXPECT_NE(r.error().message.find("MCP server 'gone'"), std::string::npos) << r.error().message;

  c.url = "ftp://example.com/mcp";
  c.source = ".mcp.json";
  auto bad_url = HttpTransport(c).open({});
  ASSERT_FALSE(bad_url);
  EXPECT_EQ(bad_url.error().code, ErrorCode::kConfig);
  EXPECT_NE(bad_url.error().message.find("MCP server 'gone' in .mcp.json"), std::string::npos)
      << bad_url.error().message;

  c.url = "https://example.com/mcp";
  c.headers = {{"Authorization", "Bearer a\r\nX-Injected: 1"}};
  auto bad_header = HttpTransport(c).open({});
  ASSERT_FALSE(bad_header);
  EXPECT_EQ(bad_header.error().code, ErrorCode::kConfig);
  EXPECT_NE(bad_header.error().message.find("\"Authorization\""), std::string::npos) << bad_header.error().message;
}

}  // namespace
}  // namespace pair::mcp
