#include "core/context_tracker.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ContextTracker, EstimatesBySizeUntilTheServerMeasures) {
  ContextTracker t;
  std::vector<Message> m{Message::system(std::string(320, 'a')), Message::user(std::string(320, 'b'))};
  int64_t rough = t.estimate(m);
  EXPECT_EQ(rough, 2 * (100 + 8));  // 3.2 characters a token, 8 for the template
}

TEST(ContextTracker, ServerMeasurementPlusWhatWasAddedSince) {
  int exact_calls = 0;
  ContextTracker t([&](std::string_view text) -> std::optional<int64_t> {
    ++exact_calls;
    return static_cast<int64_t>(text.size() / 4);
  });
  std::vector<Message> m{Message::system("sys"), Message::user("hello")};
  Message a;
  a.role = Role::kAssistant;
  a.content = "reply";
  m.push_back(a);
  t.measured(3, 1000);  // the server counted 1000 for these three
  EXPECT_EQ(t.estimate(m), 1000);
  EXPECT_EQ(exact_calls, 0);
  m.push_back(Message::user(std::string(400, 'x')));
  EXPECT_EQ(t.estimate(m), 1000 + 100 + 8);
  EXPECT_EQ(exact_calls, 1);
  t.reset_measurement();
  EXPECT_LT(t.estimate(m), 1000);  // back to sizes alone
}

TEST(ContextTracker, CalibratesTheSizeEstimateOnTheMeasurement) {
  ContextTracker t;
  std::vector<Message> m{Message::user(std::string(4000, 'x'))};
  t.measured(1, 508);  // 4000 characters were 500 tokens: 8 characters a token... clamped to 6
  m.push_back(Message::user(std::string(600, 'y')));
  EXPECT_EQ(t.estimate(m), 508 + 100 + 8);
}

}  // namespace
}  // namespace pair
