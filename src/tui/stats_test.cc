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
  EXPECT_NE(row.find("3s · qwen · 42 tok/s · ctx 1.0k/32k (3%) · cache 90%"), std::string::npos) << row;
  EXPECT_LE(s.status_row(3, m, 30, false).width, 30);
}

TEST(Stats, DraftAcceptanceFromServerTimings) {
  SessionStats s;
  s.turn_started(0);
  s.on_event(agent_event::RequestStarted{0}, 0);
  ModelInfo m{"qwen", "qwen3", "http://x", 32768};
  ServerTimings t{.prompt_n = 10, .predicted_n = 50, .predicted_ms = 1000, .predicted_per_second = 50};
  s.on_event(agent_event::Timings{t}, 1);
  std::string row = strip_escapes(s.status_row(2, m, 200, false).text);
  EXPECT_EQ(row.find("draft"), std::string::npos) << "no drafting, no figure: " << row;
  t.draft_n = 40;
  t.draft_accepted = 30;
  s.on_event(agent_event::RequestStarted{1}, 2);
  s.on_event(agent_event::Timings{t}, 3);
  row = strip_escapes(s.status_row(4, m, 200, false).text);
  EXPECT_NE(row.find("50 tok/s · draft 75% · ctx"), std::string::npos) << row;
  EXPECT_NE(s.turn_summary(4, m).find("draft 75%"), std::string::npos);
  EXPECT_NE(s.report(m, 4).find("- speculative decoding: 30 of 40 drafted tokens accepted (75%)"), std::string::npos)
      << s.report(m, 4);
}

TEST(Stats, ContextFromTheEngineOverridesTheModelsWindow) {
  SessionStats s;
  s.turn_started(0);
  ModelInfo m{"qwen", "qwen3", "http://x", 32768};
  s.on_event(agent_event::ContextUsage{.used = 2048, .window = 4096}, 1);
  std::string row = strip_escapes(s.status_row(2, m, 200, false).text);
  EXPECT_NE(row.find("ctx 2k/4k (50%)"), std::string::npos) << row;
  s.on_event(agent_event::Compacted{.tokens_before = 2048,
                                    .tokens_after = 512,
                                    .summarized_messages = 6,
                                    .trimmed_outputs = 1,
                                    .automatic = false},
             2);
  row = strip_escapes(s.status_row(3, m, 200, false).text);
  EXPECT_NE(row.find("ctx 512/4k (12%)"), std::string::npos) << row;
}

TEST(Stats, AnAnswerThatArrivedInOneBurstShowsNoSpeed) {
  // A scripted or buffered answer: 101 pieces within a millisecond is no rate worth showing.
  SessionStats s;
  ModelInfo m{"qwen", "qwen3", "http://x", 4096};
  s.turn_started(0);
  s.on_event(agent_event::RequestStarted{0}, 0);
  for (int i = 0; i <= 100; ++i) s.on_event(agent_event::TextDelta{"x"}, 1 + i * 0.00001);
  std::string row = strip_escapes(s.status_row(2, m, 200, false).text);
  EXPECT_EQ(row.find("tok/s"), std::string::npos) << row;
  agent_event::TurnFinished done;
  s.on_event(done, 1.01);
  EXPECT_EQ(s.report(m, 2).find("measured from the stream"), std::string::npos);
}

TEST(Stats, AnInterruptedAnswerCountsWhatStreamed) {
  // Esc while streaming: no usage or timings arrive, yet the footer showed a speed.
  SessionStats s;
  ModelInfo m{"qwen", "qwen3", "http://x", 4096};
  s.turn_started(0);
  s.on_event(agent_event::RequestStarted{0}, 0);
  for (int i = 0; i <= 100; ++i) s.on_event(agent_event::TextDelta{"x"}, 1 + i * 0.01);
  EXPECT_NE(strip_escapes(s.status_row(2, m, 200, false).text).find("100 tok/s"), std::string::npos);
  agent_event::TurnFinished cancelled;
  cancelled.outcome = TurnOutcome::kCancelled;
  s.on_event(cancelled, 2.5);
  std::string report = s.report(m, 3);
  EXPECT_NE(report.find("0 prompt, 101 generated (101 counted from the stream"), std::string::npos) << report;
  EXPECT_NE(report.find("generation: 100.0 tok/s (measured from the stream)"), std::string::npos) << report;
  EXPECT_EQ(report.find("no server timings yet"), std::string::npos) << report;

  // A measured request afterwards adds the server's numbers, not its deltas a second time.
  s.turn_started(4);
  s.on_event(agent_event::RequestStarted{0}, 4);
  s.on_event(agent_event::TextDelta{"y"}, 5);
  s.on_event(agent_event::Usage{{.prompt_tokens = 40, .completion_tokens = 7, .cached_tokens = 0}}, 6);
  s.on_event(agent_event::TurnFinished{}, 6);
  report = s.report(m, 7);
  EXPECT_NE(report.find("40 prompt, 108 generated (101 counted"), std::string::npos) << report;
}

}  // namespace
}  // namespace pair::tui
