#include "app/mcp_servers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "util/scoped_temp_dir.h"

namespace pair {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

/// A stdio entry of tests/support/mcp_hostile_server.py (python3), offering only `tools`.
mcp::ServerConfig hostile(std::string name, std::vector<std::string> tools, std::vector<std::string> flags = {}) {
  mcp::ServerConfig c;
  c.name = std::move(name);
  c.command = "python3";
  c.args = {std::string(PAIR_SOURCE_DIR) + "/tests/support/mcp_hostile_server.py"};
  c.args.insert(c.args.end(), flags.begin(), flags.end());
  c.tools = std::move(tools);
  return c;
}

class McpServerSetTest : public ::testing::Test {
 protected:
  std::unique_ptr<McpServerSet> begin(std::vector<mcp::ServerConfig> servers) {
    McpStartOptions o;
    o.workspace = dir_.path();
    o.log_dir = dir_.path() / "logs";
    o.client_version = "test";
    return McpServerSet::begin(std::move(servers), std::move(o), [this](const std::string& n) {
      std::lock_guard lock(mu_);
      notices_.push_back(n);
    });
  }
  std::vector<std::string> notices() {
    std::lock_guard lock(mu_);
    return notices_;
  }
  std::string state_of(const McpServerSet& set, const std::string& name) {
    for (const auto& s : set.status())
      if (s.name == name) return s.state;
    return "(absent)";
  }

  testing::ScopedTempDir dir_{"mcp-set"};
  std::mutex mu_;
  std::vector<std::string> notices_;
};

TEST_F(McpServerSetTest, BeginReturnsAtOnceAndWaitingGivesEveryServersToolsSorted) {
  auto began = Clock::now();
  auto set = begin({hostile("slow", {"echo", "env"}, {"--slow-start", "1"}), hostile("fast", {"echo"})});
  EXPECT_LT(Clock::now() - began, 500ms) << "begin does not wait for the servers";
  EXPECT_EQ(state_of(*set, "slow"), "starting");
  ASSERT_TRUE(set->wait_started());
  EXPECT_GE(Clock::now() - began, 1s) << "waited for the slow server";
  EXPECT_EQ(state_of(*set, "slow"), "running");
  EXPECT_EQ(state_of(*set, "fast"), "running");
  ToolRegistry tools;
  set->add_tools(tools);
  std::vector<std::string> names;
  for (const auto& s : tools.specs()) names.push_back(s.name);
  EXPECT_EQ(names, (std::vector<std::string>{"mcp__fast__echo", "mcp__slow__echo", "mcp__slow__env"}));
  EXPECT_TRUE(notices().empty()) << notices().front();
}

TEST_F(McpServerSetTest, AServerStillStartingWhenItsTimeIsUpIsStoppedAndReportedOnce) {
  auto silent = hostile("silent", {"echo"}, {"--slow-start", "60"});
  silent.startup_timeout = 700ms;
  auto began = Clock::now();
  auto set = begin({silent, hostile("fast", {"echo"})});
  ASSERT_TRUE(set->wait_started());
  EXPECT_LT(Clock::now() - began, 5s) << "the wait ends by the timeout";
  EXPECT_TRUE(state_of(*set, "silent").starts_with("did not start")) << state_of(*set, "silent");
  auto said = notices();
  ASSERT_EQ(std::ranges::count_if(said, [](const auto& n) { return n.find("'silent' did not start") != n.npos; }), 1)
      << ::testing::PrintToString(said);
  ToolRegistry tools;
  set->add_tools(tools);
  ASSERT_EQ(tools.specs().size(), 1u);
  EXPECT_EQ(tools.specs()[0].name, "mcp__fast__echo");
}

TEST_F(McpServerSetTest, AStopEndsTheWaitEarlyAndALaterWaitFinishes) {
  auto set = begin({hostile("slow", {"echo"}, {"--slow-start", "1"})});
  std::stop_source stop;
  stop.request_stop();
  EXPECT_FALSE(set->wait_started(stop.get_token()));
  EXPECT_EQ(state_of(*set, "slow"), "starting");
  ASSERT_TRUE(set->wait_started());
  EXPECT_EQ(state_of(*set, "slow"), "running");
}

TEST_F(McpServerSetTest, DestroyingTheSetDuringAStartReturnsPromptly) {
  auto began = Clock::now();
  {
    auto set = begin({hostile("silent", {"echo"}, {"--slow-start", "60"})});
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_LT(Clock::now() - began, 5s);
}

TEST(ToolRegistryTest, RemovePrefixedKeepsTheOthersInOrder) {
  testing::ScopedTempDir dir("mcp-set");
  ToolRegistry tools;
  McpStartOptions o;
  o.workspace = dir.path();
  auto set = McpServerSet::begin({hostile("a", {"echo", "env"}), hostile("b", {"echo"})}, o, [](const auto&) {});
  ASSERT_TRUE(set->wait_started());
  set->add_tools(tools);
  tools.remove_prefixed("mcp__a__");
  ASSERT_EQ(tools.specs().size(), 1u);
  EXPECT_EQ(tools.specs()[0].name, "mcp__b__echo");
  EXPECT_NE(tools.find("mcp__b__echo"), nullptr);
  EXPECT_EQ(tools.find("mcp__a__echo"), nullptr);
}

}  // namespace
}  // namespace pair
