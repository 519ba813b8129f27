#include "tui/stats.h"

#include <gtest/gtest.h>

#include "tui/text_width.h"

namespace pair::tui {
namespace {

TEST(Stats, StatusLineFromServerTimings) {
  SessionStats s;
  s.turn_started(0);
  s.on_event(agent_event::RequestStarted{0}, 0);
  s.on_event(agent_event::TextDelta{"x"}, 1);
  ServerTimings t;
  t.prompt_n = 100;
  t.cache_n = 900;
  t.predicted_n = 50;
  t.predicted_per_second = 42.4;
  s.on_event(agent_event::Timings{t}, 2);
  ModelInfo m{"qwen", "qwen3", "http://x", 32768};
  std::string row = strip_escapes(s.status_row(3, m, 200, false).text);
  EXPECT_NE(row.find("Writing…"), std::string::npos) << row;
  EXPECT_NE(row.find("3s · qwen · 42 tok/s · ctx 1.1k/32.8k (3%) · cache 90%"), std::string::npos) << row;
  EXPECT_LE(s.status_row(3, m, 30, false).width, 30);
}

TEST(Stats, ContextFromTheEngineOverridesTheModelsWindow) {
  SessionStats s;
  s.turn_started(0);
  ModelInfo m{"qwen", "qwen3", "http://x", 32768};
  s.on_event(agent_event::ContextUsage{.used = 2048, .window = 4096}, 1);
  std::string row = strip_escapes(s.status_row(2, m, 200, false).text);
  EXPECT_NE(row.find("ctx 2.0k/4.1k (50%)"), std::string::npos) << row;
  s.on_event(agent_event::Compacted{.tokens_before = 2048,
                                    .tokens_after = 512,
                                    .summarized_messages = 6,
                                    .trimmed_outputs = 1,
                                    .automatic = false},
             2);
  row = strip_escapes(s.status_row(3, m, 200, false).text);
  EXPECT_NE(row.find("ctx 512/4.1k (12%)"), std::string::npos) << row;
}

}  // namespace
}  // namespace pair::tui
