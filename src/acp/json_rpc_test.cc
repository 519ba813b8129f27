#include "acp/json_rpc.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace pair::acp {
namespace {
using nlohmann::json;

/// A connection whose output lands in memory, one parsed message per line.
struct Wire {
  std::mutex mu;
  std::vector<json> sent;
  Connection conn{[this](const std::string& line) {
    EXPECT_EQ(line.find('\n'), std::string::npos) << "a message must be one line";
    std::lock_guard lock(mu);
    sent.push_back(json::parse(line));
  }};
  json last() {
    std::lock_guard lock(mu);
    return sent.empty() ? json() : sent.back();
  }
  size_t count() {
    std::lock_guard lock(mu);
    return sent.size();
  }
};

TEST(AcpJsonRpc, DispatchesRequestsAndKeepsTheirIds) {
  Wire w;
  json seen;
  w.conn.on_request("echo", [&](const json& id, const json& params) {
    seen = params;
    w.conn.respond(id, params);
  });
  w.conn.receive(R"({"jsonrpc":"2.0","id":"abc","method":"echo","params":{"x":1}})");
  EXPECT_EQ(seen, json({{"x", 1}}));
  EXPECT_EQ(w.last(), json::parse(R"({"jsonrpc":"2.0","id":"abc","result":{"x":1}})"));
  w.conn.receive(R"({"jsonrpc":"2.0","id":7,"method":"echo","params":{}})");
  EXPECT_EQ(w.last()["id"], 7);
}

TEST(AcpJsonRpc, NotificationsGetNoAnswerEvenWhenUnknown) {
  Wire w;
  int heard = 0;
  w.conn.on_notification("ping", [&](const json&) { ++heard; });
  w.conn.receive(R"({"jsonrpc":"2.0","method":"ping","params":{}})");
  w.conn.receive(R"({"jsonrpc":"2.0","method":"nobody/listens"})");
  EXPECT_EQ(heard, 1);
  EXPECT_EQ(w.count(), 0u);
}

TEST(AcpJsonRpc, MalformedInputIsAnsweredWithTheRightErrorAndTheConnectionGoesOn) {
  Wire w;
  w.conn.on_request("echo", [&](const json& id, const json& params) { w.conn.respond(id, params); });
  struct Case {
    const char* line;
    int code;
    json id;
  } cases[] = {
      {"{not json", kParseError, nullptr},
      {R"([{"jsonrpc":"2.0","id":1,"method":"echo"}])", kInvalidRequest, nullptr},
      {"42", kInvalidRequest, nullptr},
      {R"({"id":3,"method":"echo"})", kInvalidRequest, 3},
      {R"({"jsonrpc":"2.0","id":4,"method":5})", kInvalidRequest, 4},
      {R"({"jsonrpc":"2.0","id":{"a":1},"method":"echo"})", kInvalidRequest, nullptr},
      {R"({"jsonrpc":"2.0","id":6,"method":"echo","params":"text"})", kInvalidRequest, 6},
      {R"({"jsonrpc":"2.0","id":8})", kInvalidRequest, 8},
      {R"({"jsonrpc":"2.0","id":9,"method":"no/such"})", kMethodNotFound, 9},
  };
  for (const auto& c : cases) {
    size_t before = w.count();
    w.conn.receive(c.line);
    ASSERT_EQ(w.count(), before + 1) << c.line;
    json reply = w.last();
    EXPECT_EQ(reply["jsonrpc"], "2.0") << c.line;
    EXPECT_EQ(reply["id"], c.id) << c.line;
    EXPECT_EQ(reply["error"]["code"], c.code) << c.line;
    EXPECT_FALSE(reply["error"]["message"].get<std::string>().empty()) << c.line;
  }
  EXPECT_NE(w.last()["error"]["message"].get<std::string>().find("no/such"), std::string::npos);
  w.conn.receive(R"({"jsonrpc":"2.0","id":10,"method":"echo","params":{"still":"here"}})");
  EXPECT_EQ(w.last()["result"]["still"], "here");
}

TEST(AcpJsonRpc, BlankLinesAndStrayResponsesAreIgnored) {
  Wire w;
  w.conn.receive("");
  w.conn.receive("  \r");
  w.conn.receive(R"({"jsonrpc":"2.0","id":99,"result":{}})");
  EXPECT_EQ(w.count(), 0u);
}

TEST(AcpJsonRpc, CallWaitsForTheAnswerWithItsId) {
  Wire w;
  Result<json> answer = json();
  std::thread caller([&] { answer = w.conn.call("ask", {{"q", 1}}); });
  while (w.count() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  json request = w.last();
  EXPECT_EQ(request["method"], "ask");
  EXPECT_EQ(request["params"]["q"], 1);
  w.conn.receive(json{{"jsonrpc", "2.0"}, {"id", request["id"]}, {"result", {{"a", 2}}}}.dump());
  caller.join();
  ASSERT_TRUE(answer.has_value());
  EXPECT_EQ((*answer)["a"], 2);
}

TEST(AcpJsonRpc, CallReportsThePeersError) {
  Wire w;
  Result<json> answer = json();
  std::thread caller([&] { answer = w.conn.call("ask", json::object()); });
  while (w.count() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  w.conn.receive(
      json{{"jsonrpc", "2.0"}, {"id", w.last()["id"]}, {"error", {{"code", -32000}, {"message", "nope"}}}}.dump());
  caller.join();
  ASSERT_FALSE(answer.has_value());
  EXPECT_EQ(answer.error().code, ErrorCode::kProtocol);
  EXPECT_NE(answer.error().message.find("nope"), std::string::npos);
}

TEST(AcpJsonRpc, CallEndsOnStopAndOnClose) {
  Wire w;
  std::stop_source stop;
  Result<json> cancelled = json();
  std::thread caller([&] { cancelled = w.conn.call("ask", json::object(), stop.get_token()); });
  while (w.count() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  stop.request_stop();
  caller.join();
  ASSERT_FALSE(cancelled.has_value());
  EXPECT_EQ(cancelled.error().code, ErrorCode::kCancelled);

  Result<json> closed = json();
  std::thread waiter([&] { closed = w.conn.call("ask", json::object()); });
  while (w.count() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  w.conn.close();
  waiter.join();
  ASSERT_FALSE(closed.has_value());
  EXPECT_EQ(closed.error().code, ErrorCode::kDisconnected);
  auto after = w.conn.call("ask", json::object());
  ASSERT_FALSE(after.has_value());
  EXPECT_EQ(after.error().code, ErrorCode::kDisconnected);
}

}  // namespace
}  // namespace pair::acp
