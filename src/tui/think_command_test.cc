#include "tui/think_command.h"

#include <gtest/gtest.h>

namespace pair::tui {
namespace {

const ReasoningOptions kServerDefault{};
const ReasoningOptions kConfigured{.budget = 4096, .effort = "medium"};

TEST(ThinkCommand, WithoutAnArgumentItTogglesBetweenOffAndTheModelsSetting) {
  auto off = think_choice("", kConfigured, kConfigured);
  ASSERT_TRUE(off.has_value());
  EXPECT_EQ(off->budget, 0);
  EXPECT_EQ(off->effort, "medium") << "only the budget is toggled";
  auto back = think_choice(" ", *off, kConfigured);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, kConfigured);
  // A model set to think not at all is toggled to no limit, so the toggle always changes something.
  ReasoningOptions never{.budget = 0, .effort = ""};
  auto on = think_choice("", never, never);
  ASSERT_TRUE(on.has_value());
  EXPECT_EQ(on->budget, -1);
  // The server's own default counts as on.
  EXPECT_EQ(think_choice("", kServerDefault, kServerDefault)->budget, 0);
}

TEST(ThinkCommand, WordsNumbersAndEfforts) {
  EXPECT_EQ(think_choice("off", kConfigured, kConfigured)->budget, 0);
  EXPECT_EQ(think_choice("ON", kConfigured, kConfigured)->budget, -1);
  EXPECT_EQ(think_choice("2048", kServerDefault, kConfigured)->budget, 2048);
  auto high = think_choice("high", kServerDefault, kConfigured);
  ASSERT_TRUE(high.has_value());
  EXPECT_EQ(high->effort, "high");
  EXPECT_FALSE(high->budget.has_value()) << "an effort leaves the budget as it was";
  ReasoningOptions changed{.budget = 0, .effort = "low"};
  EXPECT_EQ(*think_choice("default", changed, kConfigured), kConfigured);
}

TEST(ThinkCommand, AnythingElseSaysWhatItTakes) {
  for (const char* bad : {"lots", "-5", "12k", "1e3"}) {
    auto r = think_choice(bad, kServerDefault, kConfigured);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_NE(r.error().message.find("/think takes off, on, a number of tokens"), std::string::npos)
        << r.error().message;
    EXPECT_NE(r.error().message.find(bad), std::string::npos) << r.error().message;
  }
}

TEST(ThinkCommand, Descriptions) {
  EXPECT_EQ(describe_reasoning({}), "Thinking: as the server decides");
  EXPECT_EQ(describe_reasoning({.budget = 0, .effort = ""}), "Thinking: off");
  EXPECT_EQ(describe_reasoning({.budget = -1, .effort = ""}), "Thinking: no limit");
  EXPECT_EQ(describe_reasoning({.budget = 2048, .effort = "high"}), "Thinking: at most 2,048 tokens, effort high");
}

}  // namespace
}  // namespace pair::tui
