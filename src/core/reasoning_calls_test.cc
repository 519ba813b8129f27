#include "core/reasoning_calls.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

/// A tool that only has a name: enough for the registry's lookup.
class NamedTool : public Tool {
 public:
  explicit NamedTool(std::string name) : spec_{std::move(name), "", R"({"type":"object"})"} {}
  const ToolSpec& spec() const override { return spec_; }
  Result<ToolEffect> inspect(const nlohmann::json&, const ToolContext&) const override { return ToolEffect{}; }
  ToolOutput run(const nlohmann::json&, const ToolContext&) override { return ToolOutput::ok(""); }

 private:
  ToolSpec spec_;
};

class ReasoningCalls : public ::testing::Test {
 protected:
  ReasoningCalls() {
    tools.add(std::make_unique<NamedTool>("read_file"));
    tools.add(std::make_unique<NamedTool>("bash"));
  }
  ToolRegistry tools;
};

TEST_F(ReasoningCalls, AReasoningThatEndsInACallNamesIt) {
  std::string reasoning =
      "I should read the file first.\n<tool_call>\n{\"name\": \"read_file\", \"arguments\": {\"path\": \"a.txt\"}}\n"
      "</tool_call>\n";
  EXPECT_EQ(calls_ending_reasoning(reasoning, tools), std::vector<std::string>{"read_file"});
}

TEST_F(ReasoningCalls, XmlStyleAndSeveralCallsAtTheEnd) {
  std::string reasoning =
      "Two steps.<tool_call><function=read_file><parameter=path>a</parameter></function></tool_call>"
      "<tool_call><function=bash><parameter=command>ls</parameter></function></tool_call>";
  EXPECT_EQ(calls_ending_reasoning(reasoning, tools), (std::vector<std::string>{"read_file", "bash"}));
}

TEST_F(ReasoningCalls, ACallFollowedByMoreThinkingIsNotTheEnd) {
  std::string reasoning =
      "Maybe <tool_call>{\"name\": \"read_file\", \"arguments\": {\"path\": \"a\"}}</tool_call> but no, the user "
      "only asked a question.";
  EXPECT_TRUE(calls_ending_reasoning(reasoning, tools).empty());
}

TEST_F(ReasoningCalls, UnknownToolsAndProseAreLeftAlone) {
  EXPECT_TRUE(
      calls_ending_reasoning("<tool_call>{\"name\": \"delete_everything\", \"arguments\": {}}</tool_call>", tools)
          .empty());
  EXPECT_TRUE(calls_ending_reasoning("I could use a <tool_call> here.", tools).empty());
  EXPECT_TRUE(calls_ending_reasoning("", tools).empty());
}

TEST_F(ReasoningCalls, TheNudgeIsAUserMessageNamingTheCall) {
  Message m = reasoning_call_nudge({"read_file"});
  EXPECT_EQ(m.role, Role::kUser);
  EXPECT_NE(m.content.find("a call to read_file"), std::string::npos) << m.content;
  EXPECT_NE(m.content.find("not run"), std::string::npos) << m.content;
  EXPECT_NE(reasoning_call_notice({"read_file", "bash"}).find("read_file, bash"), std::string::npos);
}

}  // namespace
}  // namespace pair
