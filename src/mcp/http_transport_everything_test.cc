#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "http/http_client.h"
#include "mcp/http_transport.h"

/// Against the reference server (@modelcontextprotocol/server-everything in its
/// Streamable HTTP mode), started by tests/support/mcp_http_everything.sh, which
/// passes its endpoint in PAIR_MCP_EVERYTHING_URL (CTest: mcp.http_everything).
/// Run on its own, without that variable, the test is skipped.

namespace pair::mcp {
namespace {

using nlohmann::json;

/// Just enough of a JSON-RPC client for the test: sends a request and finds
/// its response among the messages the reply delivered.
class Exchange {
 public:
  explicit Exchange(HttpTransport& t) : transport_(t) {
    // Replies arrive on the sending thread, the server's own messages on the GET stream's.
    transport_.set_handlers(
        [this](std::string m) {
          std::lock_guard lock(mu_);
          messages_.push_back(json::parse(m));
        },
        nullptr);
  }
  json request(int id, const std::string& method, json params) {
    json m = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
    auto sent = transport_.send(m.dump(), {});
    EXPECT_TRUE(sent) << method << ": " << (sent ? "" : sent.error().message);
    for (const auto& r : messages())
      if (r.contains("id") && r["id"] == id && !r.contains("method")) return r;
    ADD_FAILURE() << "no response to " << method;
    return json::object();
  }
  std::vector<json> messages() {
    std::lock_guard lock(mu_);
    return messages_;
  }
  void clear() {
    std::lock_guard lock(mu_);
    messages_.clear();
  }
  /// Waits up to `limit` for a message with `method`.
  bool wait_for(const std::string& method, std::chrono::seconds limit) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      for (const auto& m : messages())
        if (m.value("method", "") == method) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
  }
  void notify(const std::string& method) {
    json m = {{"jsonrpc", "2.0"}, {"method", method}};
    auto sent = transport_.send(m.dump(), {});
    EXPECT_TRUE(sent) << method << ": " << (sent ? "" : sent.error().message);
  }

 private:
  HttpTransport& transport_;
  std::mutex mu_;
  std::vector<json> messages_;
};

TEST(McpHttpEverything, InitializeListCallAndClose) {
  const char* url = std::getenv("PAIR_MCP_EVERYTHING_URL");
  if (!url || !*url) GTEST_SKIP() << "PAIR_MCP_EVERYTHING_URL is not set; ctest runs this as mcp.http_everything";
  ServerConfig config;
  config.name = "everything";
  config.transport = ServerConfig::Transport::kHttp;
  config.url = url;
  config.headers = {{"Authorization", "Bearer not-checked"}};
  HttpTransport transport(config);
  Exchange x(transport);
  ASSERT_TRUE(transport.open({}));

  json init = x.request(1, "initialize",
                        {{"protocolVersion", kProtocolVersion},
                         {"capabilities", json::object()},
                         {"clientInfo", {{"name", "pair-test"}, {"version", "0"}}}});
  ASSERT_TRUE(init.contains("result")) << init.dump();
  std::string version = init["result"]["protocolVersion"];
  EXPECT_EQ(version, kProtocolVersion);
  std::string session = transport.session_id();
  ASSERT_FALSE(session.empty()) << "server-everything assigns a session id";
  transport.set_protocol_version(version);
  x.notify("notifications/initialized");

  json list = x.request(2, "tools/list", json::object());
  ASSERT_TRUE(list.contains("result")) << list.dump();
  std::vector<std::string> names;
  for (const auto& t : list["result"]["tools"]) names.push_back(t["name"]);
  EXPECT_NE(std::find(names.begin(), names.end(), "echo"), names.end()) << list.dump();

  json echo = x.request(3, "tools/call", {{"name", "echo"}, {"arguments", {{"message", "hello from pair"}}}});
  ASSERT_TRUE(echo.contains("result")) << echo.dump();
  EXPECT_EQ(echo["result"]["content"][0]["text"], "Echo: hello from pair") << echo.dump();

  // Progress notifications arrive on the call's event stream, each before the result.
  x.clear();
  json longer = x.request(4, "tools/call",
                          {{"name", "trigger-long-running-operation"},
                           {"arguments", {{"duration", 0.3}, {"steps", 3}}},
                           {"_meta", {{"progressToken", "p4"}}}});
  ASSERT_TRUE(longer.contains("result")) << longer.dump();
  std::vector<int> progress;
  for (const auto& m : x.messages())
    if (m.value("method", "") == "notifications/progress") progress.push_back(m["params"]["progress"]);
  EXPECT_EQ(progress, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(x.messages().back()["id"], 4);

  // Messages the server starts on its own (its simulated log, one at once, then every 5 s) come on
  // the GET stream the transport keeps open.
  json logging = x.request(5, "tools/call", {{"name", "toggle-simulated-logging"}, {"arguments", json::object()}});
  ASSERT_TRUE(logging.contains("result")) << logging.dump();
  EXPECT_TRUE(x.wait_for("notifications/message", std::chrono::seconds(12)));

  // close() ends the session on the server: the old id is refused afterwards.
  transport.close();
  HttpClient http;
  HttpRequest probe;
  probe.url = url;
  probe.headers = {"Content-Type: application/json", "Accept: application/json, text/event-stream",
                   "Mcp-Session-Id: " + session, std::string("MCP-Protocol-Version: ") + kProtocolVersion};
  probe.body = R"({"jsonrpc":"2.0","id":6,"method":"tools/list"})";
  auto after = http.send(probe, BodyHandler());
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_TRUE(after->status == 400 || after->status == 404) << after->status << " " << after->body;
}

}  // namespace
}  // namespace pair::mcp
