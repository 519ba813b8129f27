#include "mcp/stdio_transport.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "mcp/client.h"
#include "util/scoped_temp_dir.h"

namespace pair::mcp {
namespace {

using namespace std::chrono_literals;

/// tests/support/mcp_hostile_server.py: one tool per way a server misbehaves.
std::string hostile_server() {
  return std::string(PAIR_SOURCE_DIR) + "/tests/support/mcp_hostile_server.py";
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string text_of(const CallResult& r) {
  std::string t;
  for (const auto& p : r.content) t += p.text;
  return t;
}

class StdioTransportTest : public ::testing::Test {
 protected:
  /// A client of the hostile server, connected.
  std::unique_ptr<Client> connect(std::vector<std::string> flags = {}, std::map<std::string, std::string> env = {}) {
    StdioOptions o;
    o.command = "python3";
    o.args = {hostile_server()};
    o.args.insert(o.args.end(), flags.begin(), flags.end());
    o.env = std::move(env);
    o.stderr_log = log_;
    auto client = std::make_unique<Client>(std::make_unique<StdioTransport>(o), ClientOptions{});
    auto connected = client->connect({}, 10s);
    EXPECT_TRUE(connected) << connected.error().message;
    return client;
  }
  /// The control: the session goes on after each misbehaviour.
  void expect_echo_works(Client& client) {
    auto r = client.call_tool("echo", R"({"message":"still here"})", {}, 10s);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(text_of(*r), "still here");
  }

  testing::ScopedTempDir dir_{"pair-mcp-stdio"};
  std::filesystem::path log_ = dir_.path() / "logs" / "hostile.log";
};

TEST_F(StdioTransportTest, ListsAndCallsAndKeepsStderrInTheLog) {
  auto client = connect();
  auto tools = client->list_tools({});
  ASSERT_TRUE(tools) << tools.error().message;
  EXPECT_EQ(tools->size(), 7u);
  expect_echo_works(*client);
  EXPECT_NE(read_file(log_).find("hostile server started"), std::string::npos);
  EXPECT_EQ(std::filesystem::status(log_).permissions() & std::filesystem::perms::group_read,
            std::filesystem::perms::none);
}

TEST_F(StdioTransportTest, ConfiguredEnvironmentReachesTheServer) {
  auto client = connect({}, {{"PAIR_MCP_TEST_VALUE", "forty-two"}});
  auto r = client->call_tool("env", R"({"name":"PAIR_MCP_TEST_VALUE"})", {}, 10s);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(text_of(*r), "forty-two");
}

TEST_F(StdioTransportTest, InvalidJsonIsAnErrorThatQuotesItAndTheSessionGoesOn) {
  auto client = connect();
  auto r = client->call_tool("bad_json", "{}", {}, 10s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("<html>this is not json {"), std::string::npos) << r.error().message;
  expect_echo_works(*client);
}

TEST_F(StdioTransportTest, AHugeMessageIsDroppedAndTheSessionGoesOn) {
  auto client = connect();
  auto r = client->call_tool("huge", "{}", {}, 60s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("larger than 16.0 MiB"), std::string::npos) << r.error().message;
  expect_echo_works(*client);
}

TEST_F(StdioTransportTest, ASilentServerTimesOutAndIsToldTheCallIsCancelled) {
  auto client = connect();
  auto r = client->call_tool("never", "{}", {}, 200ms);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kTimeout);
  // The server is told (ids: 1 initialize, 2 the call). The notification
  // goes out on the client's writer thread, so it may follow the next call.
  std::string seen;
  for (auto deadline = std::chrono::steady_clock::now() + 5s; std::chrono::steady_clock::now() < deadline;) {
    auto cancelled = client->call_tool("cancelled", "{}", {}, 10s);
    ASSERT_TRUE(cancelled) << cancelled.error().message;
    if ((seen = text_of(*cancelled)) == "[2]") break;
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(seen, "[2]");
}

TEST_F(StdioTransportTest, AServerThatDiesDuringACallGivesItsStatusAndLastWords) {
  auto client = connect();
  auto r = client->call_tool("die", "{}", {}, 10s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kDisconnected);
  EXPECT_NE(r.error().message.find("exited with status 3"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("fatal: exploding on purpose"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find(log_.string()), std::string::npos) << r.error().message;
  auto again = client->call_tool("echo", "{}", {}, 10s);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kDisconnected);
}

TEST_F(StdioTransportTest, CloseKillsAServerThatIgnoresEndOfInputAndSigterm) {
  StdioOptions o;
  o.command = "python3";
  o.args = {hostile_server(), "--ignore-term"};
  o.exit_grace = 100ms;
  o.term_grace = 200ms;
  StdioTransport transport(o);
  transport.set_handlers([](std::string) {}, [](const Error&) {});
  ASSERT_TRUE(transport.open({}));
  // A pid is not exposed; the server's liveness shows in send() before close.
  ASSERT_TRUE(transport.send(R"({"jsonrpc":"2.0","method":"notifications/initialized"})", {}));
  auto start = std::chrono::steady_clock::now();
  transport.close();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 3s);
  auto after = transport.send("{}", {});
  ASSERT_FALSE(after);
  EXPECT_EQ(after.error().code, ErrorCode::kDisconnected);
}

TEST_F(StdioTransportTest, AMissingCommandIsNamed) {
  StdioOptions o;
  o.command = "pair-no-such-mcp-server";
  StdioTransport transport(o);
  transport.set_handlers([](std::string) {}, [](const Error&) {});
  auto r = transport.open({});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_NE(r.error().message.find("command not found: pair-no-such-mcp-server"), std::string::npos)
      << r.error().message;
}

TEST_F(StdioTransportTest, LinesAreCappedAndSplitWherever) {
  // A shell server: prints two messages in one write, one split across
  // writes, and a line over the cap, then waits.
  StdioOptions o;
  o.command = "sh";
  o.args = {"-c", R"(printf '{"a":1}\n{"b":2}\n{"c":'; sleep 0.1; printf '3}\r\n'; )"
                  R"(head -c 100 /dev/zero | tr '\0' x; printf '\n{"d":4}\n'; sleep 5)"};
  o.max_message_bytes = 64;
  o.exit_grace = 50ms;
  StdioTransport transport(o);
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::string> messages;
  std::vector<std::string> dropped;
  transport.set_handlers(
      [&](std::string m) {
        std::lock_guard lock(mutex);
        messages.push_back(std::move(m));
        cv.notify_all();
      },
      [](const Error&) {});
  transport.set_undeliverable_handler([&](const Error& e) {
    std::lock_guard lock(mutex);
    dropped.push_back(e.message);
  });
  ASSERT_TRUE(transport.open({}));
  std::unique_lock lock(mutex);
  cv.wait_for(lock, 5s, [&] { return messages.size() >= 4; });
  EXPECT_EQ(messages, (std::vector<std::string>{R"({"a":1})", R"({"b":2})", R"({"c":3})", R"({"d":4})"}));
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_NE(dropped[0].find("larger than 64 bytes"), std::string::npos) << dropped[0];
  lock.unlock();
  transport.close();
}

}  // namespace
}  // namespace pair::mcp
