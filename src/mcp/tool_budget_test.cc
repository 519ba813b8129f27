#include "mcp/tool_budget.h"

#include <gtest/gtest.h>

namespace pair::mcp {
namespace {

/// `n` tools of about `tokens` tokens each.
std::vector<OfferedTool> tools(int n, int64_t tokens) {
  std::vector<ServerTool> listed;
  for (int i = 0; i < n; ++i) {
    std::string name = "tool" + std::to_string(10 + i);
    // The schema's padding makes each entry the given size.
    listed.push_back({name, std::string(static_cast<size_t>(tokens * kSchemaBytesPerToken) - 80, 'd'), "{}"});
  }
  return offer_server_tools("big", listed).tools;
}

ServerConfig server(std::optional<std::vector<std::string>> allow = std::nullopt) {
  ServerConfig c;
  c.name = "big";
  c.source = "/home/u/.config/pair/mcp.json";
  c.tools = std::move(allow);
  return c;
}

TEST(McpToolBudget, EstimateCountsTheEntryAsSent) {
  ToolSpec spec{"mcp__s__t", "", "{}"};
  // {"function":{"description":"","name":"mcp__s__t","parameters":{}},"type":"function"}: 84 bytes.
  EXPECT_EQ(estimate_tool_tokens(spec), 21);
  spec.description = std::string(400, 'x');
  EXPECT_EQ(estimate_tool_tokens(spec), 121);
}

TEST(McpToolBudget, WithinTheBudgetEverythingIsOffered) {
  auto all = tools(5, 100);
  auto d = apply_tool_budget(server(), all, 2000);
  EXPECT_EQ(d.offered.size(), 5u);
  EXPECT_EQ(d.offered_tokens, d.all_tokens);
  EXPECT_GE(d.all_tokens, 500);
  EXPECT_LE(d.all_tokens, 520);
  EXPECT_EQ(d.message, "");
}

TEST(McpToolBudget, OverTheBudgetNothingIsOfferedAndTheMessageSuggestsAnAllowList) {
  auto d = apply_tool_budget(server(), tools(31, 220), 2000);
  EXPECT_TRUE(d.offered.empty());
  EXPECT_EQ(d.offered_tokens, 0);
  EXPECT_GT(d.all_tokens, 6000);
  EXPECT_NE(d.message.find("server \"big\": its 31 tools cost about 6,"), std::string::npos) << d.message;
  EXPECT_NE(d.message.find("over the 2,000-token budget (/mcp/tool_budget_tokens in settings.json)"), std::string::npos)
      << d.message;
  EXPECT_NE(d.message.find("\"tools\": [\"tool10\", \"tool11\", \"tool12\", \"tool13\", \"tool14\"] in "
                           "/home/u/.config/pair/mcp.json"),
            std::string::npos)
      << d.message;
}

TEST(McpToolBudget, ZeroBudgetMeansNoLimit) {
  auto d = apply_tool_budget(server(), tools(31, 220), 0);
  EXPECT_EQ(d.offered.size(), 31u);
  EXPECT_EQ(d.message, "");
}

TEST(McpToolBudget, AnAllowListIsTheUsersChoiceWhateverItCosts) {
  auto d = apply_tool_budget(server(std::vector<std::string>{"tool12", "tool40"}), tools(31, 220), 100);
  ASSERT_EQ(d.offered.size(), 2u);
  EXPECT_EQ(d.offered[0].server_tool, "tool12");
  EXPECT_EQ(d.offered[1].server_tool, "tool40");
  EXPECT_GT(d.offered_tokens, 100);
  EXPECT_EQ(d.message, "");
}

TEST(McpToolBudget, AllowListNamingUnknownToolsSaysSo) {
  auto d = apply_tool_budget(server(std::vector<std::string>{"tool10", "nope"}), tools(3, 50), 2000);
  ASSERT_EQ(d.offered.size(), 1u);
  EXPECT_NE(d.message.find("server \"big\": \"tools\" in /home/u/.config/pair/mcp.json names 1 tool it does not "
                           "have: \"nope\""),
            std::string::npos)
      << d.message;
}

}  // namespace
}  // namespace pair::mcp
