#include "mcp/client.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace pair::mcp {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

/// A transport whose server is a function: each message the client sends is
/// recorded and handed to `serve`, which may answer at once through
/// deliver() (as HTTP does, from inside send()) or not at all.
class FakeTransport : public Transport {
 public:
  std::function<void(const json& sent, FakeTransport& t)> serve;

  void set_handlers(MessageHandler on_message, ClosedHandler on_closed) override {
    on_message_ = std::move(on_message);
    on_closed_ = std::move(on_closed);
  }
  void set_undeliverable_handler(UndeliverableHandler h) override { on_undeliverable_ = std::move(h); }
  Result<void> open(std::stop_token) override {
    opened = true;
    return {};
  }
  Result<void> send(const std::string& message, std::stop_token) override {
    json m = json::parse(message);
    {
      std::lock_guard lock(mutex_);
      sent_.push_back(m);
    }
    changed_.notify_all();
    if (serve) serve(m, *this);
    return {};
  }
  void set_protocol_version(const std::string& v) override { version = v; }
  void close() override { closed = true; }
  std::string describe() const override { return "fake"; }

  void deliver(const json& m) { on_message_(m.dump()); }
  void deliver_text(const std::string& text) { on_message_(text); }
  void close_from_server(const Error& why) { on_closed_(why); }
  void undeliverable(const Error& why) { on_undeliverable_(why); }

  /// Waits until a message satisfying `match` was sent; returns it.
  json wait_for(const std::function<bool(const json&)>& match) {
    std::unique_lock lock(mutex_);
    json found;
    changed_.wait_for(lock, 5s, [&] {
      for (const auto& m : sent_)
        if (match(m)) {
          found = m;
          return true;
        }
      return false;
    });
    return found;
  }
  std::vector<json> sent() {
    std::lock_guard lock(mutex_);
    return sent_;
  }

  bool opened = false;
  bool closed = false;
  std::string version;

 private:
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  UndeliverableHandler on_undeliverable_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<json> sent_;
};

json answer(const json& request, json result) {
  return {{"jsonrpc", "2.0"}, {"id", request["id"]}, {"result", std::move(result)}};
}

/// A server that completes the handshake with `version` and hands every other
/// message to `rest`.
std::function<void(const json&, FakeTransport&)> server(std::string version,
                                                        std::function<void(const json&, FakeTransport&)> rest = {}) {
  return [version, rest](const json& m, FakeTransport& t) {
    if (m.value("method", "") == "initialize") {
      t.deliver(answer(m, {{"protocolVersion", version},
                           {"capabilities", {{"tools", json::object()}}},
                           {"serverInfo", {{"name", "fake-server"}, {"version", "9"}}},
                           {"instructions", "be nice"}}));
      return;
    }
    if (rest) rest(m, t);
  };
}

struct Fixture {
  explicit Fixture(std::function<void(const json&, FakeTransport&)> serve) {
    auto t = std::make_unique<FakeTransport>();
    t->serve = std::move(serve);
    transport = t.get();
    client = std::make_unique<Client>(std::move(t), ClientOptions{.client_version = "1.2.3", .on_tools_changed = {}});
  }
  FakeTransport* transport;
  std::unique_ptr<Client> client;
};

bool is_method(const json& m, const char* method) {
  return m.value("method", "") == method;
}

TEST(McpClient, HandshakeSendsInitializeThenInitialized) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto sent = f.transport->sent();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(sent[0]["method"], "initialize");
  EXPECT_EQ(sent[0]["params"]["protocolVersion"], "2025-11-25");
  EXPECT_EQ(sent[0]["params"]["clientInfo"], json({{"name", "pair"}, {"version", "1.2.3"}}));
  EXPECT_EQ(sent[0]["params"]["capabilities"], json::object());
  EXPECT_EQ(sent[0]["jsonrpc"], "2.0");
  EXPECT_EQ(sent[1], json({{"jsonrpc", "2.0"}, {"method", "notifications/initialized"}}));
  EXPECT_EQ(f.client->server_info().name, "fake-server");
  EXPECT_EQ(f.client->server_info().instructions, "be nice");
  EXPECT_EQ(f.transport->version, "2025-11-25");
}

TEST(McpClient, AcceptsAnOlderRevisionItKnows) {
  Fixture f(server("2025-03-26"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  EXPECT_EQ(f.client->server_info().protocol_version, "2025-03-26");
  EXPECT_EQ(f.transport->version, "2025-03-26");
}

TEST(McpClient, RefusesAnUnknownRevision) {
  Fixture f(server("2024-11-05"));
  auto r = f.client->connect({}, 1s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("2024-11-05"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("2025-11-25"), std::string::npos) << r.error().message;
  EXPECT_TRUE(f.transport->closed);
  for (const auto& m : f.transport->sent()) EXPECT_FALSE(is_method(m, "notifications/initialized"));
}

TEST(McpClient, InitializeTimesOutWhenTheServerIsSilent) {
  Fixture f([](const json&, FakeTransport&) {});
  auto r = f.client->connect({}, 50ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  EXPECT_NE(r.error().message.find("initialize"), std::string::npos) << r.error().message;
}

TEST(McpClient, ListFollowsCursorsAcrossPages) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (!is_method(m, "tools/list")) return;
    json tool = {{"inputSchema", {{"type", "object"}}}};
    if (!m["params"].contains("cursor")) {
      tool["name"] = "a";
      t.deliver(answer(m, {{"tools", {tool}}, {"nextCursor", "page2"}}));
    } else {
      EXPECT_EQ(m["params"]["cursor"], "page2");
      tool["name"] = "b";
      tool["description"] = "the second";
      t.deliver(answer(m, {{"tools", {tool}}}));
    }
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto tools = f.client->list_tools({});
  ASSERT_TRUE(tools) << tools.error().message;
  ASSERT_EQ(tools->size(), 2u);
  EXPECT_EQ((*tools)[0].name, "a");
  EXPECT_EQ((*tools)[0].input_schema, R"({"type":"object"})");
  EXPECT_EQ((*tools)[1].name, "b");
  EXPECT_EQ((*tools)[1].description, "the second");
}

TEST(McpClient, ListStopsAServerThatRepeatsItsCursor) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/list")) t.deliver(answer(m, {{"tools", json::array()}, {"nextCursor", "again"}}));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto tools = f.client->list_tools({});
  ASSERT_FALSE(tools);
  EXPECT_EQ(tools.error().code, ErrorCode::kProtocol);
}

TEST(McpClient, SkipsAToolWhoseSchemaIsNotAnObjectAndSaysSo) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (!is_method(m, "tools/list")) return;
    t.deliver(answer(m, {{"tools",
                          {{{"name", "good"}, {"inputSchema", {{"type", "object"}}}},
                           {{"name", "bad"}, {"inputSchema", "string"}},
                           {{"name", "missing"}}}}}));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto tools = f.client->list_tools({});
  ASSERT_TRUE(tools);
  ASSERT_EQ(tools->size(), 1u);
  EXPECT_EQ((*tools)[0].name, "good");
  auto warnings = f.client->take_warnings();
  ASSERT_EQ(warnings.size(), 2u);
  EXPECT_NE(warnings[0].find("\"bad\""), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("not a JSON object"), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[1].find("\"missing\""), std::string::npos) << warnings[1];
  EXPECT_TRUE(f.client->take_warnings().empty());
}

TEST(McpClient, AnswersPingAndRefusesOtherServerRequests) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (!is_method(m, "tools/list")) return;
    t.deliver({{"jsonrpc", "2.0"}, {"id", "p-1"}, {"method", "ping"}});
    t.deliver({{"jsonrpc", "2.0"}, {"id", 77}, {"method", "sampling/createMessage"}, {"params", json::object()}});
    t.deliver(answer(m, {{"tools", json::array()}}));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  ASSERT_TRUE(f.client->list_tools({}));
  json pong = f.transport->wait_for([](const json& m) { return m.value("id", json()) == "p-1"; });
  EXPECT_EQ(pong, json({{"jsonrpc", "2.0"}, {"id", "p-1"}, {"result", json::object()}}));
  json refusal = f.transport->wait_for([](const json& m) { return m.value("id", json()) == 77; });
  EXPECT_EQ(refusal["error"]["code"], -32601);
}

TEST(McpClient, CancelSendsNotificationsCancelled) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  std::stop_source stop;
  std::thread canceller([&] {
    f.transport->wait_for([](const json& m) { return is_method(m, "tools/call"); });
    stop.request_stop();
  });
  auto r = f.client->call_tool("slow", "{}", stop.get_token(), 10s);
  canceller.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kCancelled);
  json call = f.transport->wait_for([](const json& m) { return is_method(m, "tools/call"); });
  json cancel = f.transport->wait_for([](const json& m) { return is_method(m, "notifications/cancelled"); });
  EXPECT_EQ(cancel["params"]["requestId"], call["id"]);
  EXPECT_FALSE(cancel["params"]["reason"].get<std::string>().empty());
}

TEST(McpClient, TimeoutCancelsTheCall) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("slow", "{}", {}, 50ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  EXPECT_NE(r.error().message.find("tools/call"), std::string::npos) << r.error().message;
  json call = f.transport->wait_for([](const json& m) { return is_method(m, "tools/call"); });
  json cancel = f.transport->wait_for([](const json& m) { return is_method(m, "notifications/cancelled"); });
  EXPECT_EQ(cancel["params"]["requestId"], call["id"]);
  EXPECT_EQ(cancel["params"]["reason"], "timed out");
}

TEST(McpClient, InvalidJsonFailsThePendingCallAndQuotesIt) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/call")) t.deliver_text("<html>Bad Gateway</html>");
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("x", "{}", {}, 5s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("<html>Bad Gateway</html>"), std::string::npos) << r.error().message;
  // The connection goes on.
  EXPECT_FALSE(f.client->closed_reason());
}

TEST(McpClient, InvalidJsonWithNothingPendingIsAWarning) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  f.transport->deliver_text("Server listening on port 3000");
  auto warnings = f.client->take_warnings();
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("Server listening"), std::string::npos) << warnings[0];
}

TEST(McpClient, UndeliverableMessageFailsThePendingCall) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/call")) t.undeliverable(Error(ErrorCode::kProtocol, "a message larger than 16 MiB"));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("x", "{}", {}, 5s);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("larger than 16 MiB"), std::string::npos) << r.error().message;
}

TEST(McpClient, ClosedTransportFailsPendingAndLaterCalls) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/call")) t.close_from_server(Error(ErrorCode::kDisconnected, "it exited with status 1"));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("x", "{}", {}, 5s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  EXPECT_NE(r.error().message.find("exited with status 1"), std::string::npos);
  ASSERT_TRUE(f.client->closed_reason());
  auto again = f.client->call_tool("x", "{}", {}, 5s);
  ASSERT_FALSE(again);
  EXPECT_NE(again.error().message.find("exited with status 1"), std::string::npos);
}

TEST(McpClient, JsonRpcErrorIsAnError) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/call"))
      t.deliver({{"jsonrpc", "2.0"}, {"id", m["id"]}, {"error", {{"code", -32602}, {"message", "Unknown tool: x"}}}});
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("x", "{}", {}, 5s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("-32602: Unknown tool: x"), std::string::npos) << r.error().message;
}

TEST(McpClient, CallSendsArgumentsAndReadsTheResult) {
  Fixture f(server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (!is_method(m, "tools/call")) return;
    EXPECT_EQ(m["params"]["name"], "echo");
    EXPECT_EQ(m["params"]["arguments"], json({{"message", "hi"}}));
    t.deliver(answer(m, {{"content", {{{"type", "text"}, {"text", "hi back"}}}}, {"isError", true}}));
  }));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("echo", R"({"message":"hi"})", {}, 5s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_TRUE(r->is_error);
  ASSERT_EQ(r->content.size(), 1u);
  EXPECT_EQ(r->content[0].text, "hi back");
}

TEST(McpClient, ArgumentsThatAreNotAnObjectAreRefusedBeforeSending) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  auto r = f.client->call_tool("echo", "[1]", {}, 5s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  for (const auto& m : f.transport->sent()) EXPECT_FALSE(is_method(m, "tools/call"));
}

TEST(McpClient, ListChangedIsRecordedUntilTheNextList) {
  int told = 0;
  auto t = std::make_unique<FakeTransport>();
  t->serve = server("2025-11-25", [](const json& m, FakeTransport& t) {
    if (is_method(m, "tools/list")) t.deliver(answer(m, {{"tools", json::array()}}));
  });
  FakeTransport* transport = t.get();
  Client client(std::move(t), ClientOptions{.on_tools_changed = [&] { ++told; }});
  ASSERT_TRUE(client.connect({}, 1s));
  EXPECT_FALSE(client.tools_changed());
  transport->deliver({{"jsonrpc", "2.0"}, {"method", "notifications/tools/list_changed"}});
  EXPECT_TRUE(client.tools_changed());
  EXPECT_EQ(told, 1);
  ASSERT_TRUE(client.list_tools({}));
  EXPECT_FALSE(client.tools_changed());
}

TEST(McpClient, AnswerToACancelledCallIsIgnored) {
  Fixture f(server("2025-11-25"));
  ASSERT_TRUE(f.client->connect({}, 1s));
  ASSERT_FALSE(f.client->call_tool("slow", "{}", {}, 20ms));
  json call = f.transport->wait_for([](const json& m) { return is_method(m, "tools/call"); });
  f.transport->deliver(answer(call, {{"content", json::array()}}));
  EXPECT_TRUE(f.client->take_warnings().empty());
  EXPECT_FALSE(f.client->closed_reason());
}

}  // namespace
}  // namespace pair::mcp
