#include "tui/screen.h"

#include <gtest/gtest.h>

#include <thread>

#include "tui/highlight.h"
#include "tui/stats.h"
#include "tui/text_width.h"
#include "tui/transcript.h"
#include "tui/ui_queue.h"

namespace pair::tui {
namespace {

TEST(Screen, FramesMoveToTheLiveAreaRedrawItAndPlaceTheCursor) {
  Screen s;
  s.set_size(40, 10);
  s.set_live({styled_row("status"), styled_row("> ab")}, 1, 4);
  std::string first = s.frame();
  EXPECT_NE(first.find("status\r\n> ab"), std::string::npos);
  EXPECT_NE(first.find("\r\x1b[4C"), std::string::npos) << "cursor to column 4 of the last row";
  EXPECT_EQ(s.frame(), "") << "nothing changed";
  s.commit(styled_row("done"));
  s.set_live({styled_row("status"), styled_row("> abc")}, 1, 5);
  std::string second = s.frame();
  EXPECT_TRUE(second.find("\r\x1b[1A\x1b[J") != std::string::npos) << "back up to the live area's top";
  EXPECT_LT(second.find("done"), second.find("status")) << "finished rows print above the live area";
}

TEST(Screen, ALiveAreaTallerThanTheScreenKeepsItsBottom) {
  Screen s;
  s.set_size(20, 5);
  Rows rows;
  for (int i = 0; i < 10; ++i) rows.push_back(styled_row("row " + std::to_string(i)));
  s.set_live(rows, 9, 0);
  std::string f = s.frame();
  EXPECT_EQ(f.find("row 5"), std::string::npos);
  EXPECT_NE(f.find("row 6"), std::string::npos);
  EXPECT_NE(f.find("row 9"), std::string::npos);
}

TEST(Highlight, KeywordsStringsCommentsAcrossLines) {
  const LanguageSpec* py = find_language("python");
  ASSERT_NE(py, nullptr);
  EXPECT_EQ(find_language("c++"), find_language("cpp"));
  EXPECT_EQ(find_language("nonsense"), nullptr);
  HighlightState st;
  Spans a = highlight_line("def f(): return \"s\"  # note", py, st);
  auto style_of = [](const Spans& spans, std::string_view text) {
    for (const auto& s : spans)
      if (s.text == text) return s.style;
    ADD_FAILURE() << "no span " << text;
    return Style{};
  };
  EXPECT_EQ(style_of(a, "def").fg, Color::kMagenta);
  EXPECT_EQ(style_of(a, "\"s\"").fg, Color::kGreen);
  EXPECT_EQ(style_of(a, "# note").fg, Color::kGray);
  const LanguageSpec* cpp = find_language("cpp");
  HighlightState c;
  highlight_line("int x; /* open", cpp, c);
  EXPECT_NE(c.mode, 0);
  Spans b = highlight_line("still */ int y;", cpp, c);
  EXPECT_EQ(c.mode, 0);
  EXPECT_EQ(style_of(b, "still */").fg, Color::kGray);
  EXPECT_EQ(style_of(b, "int").fg, Color::kMagenta);
}

TEST(ToolOutput, TruncatedByVerbosity) {
  std::string out = "one\ntwo\nthree\nfour\n";
  Rows limited = tool_output_rows(out, false, 2, 40);
  ASSERT_EQ(limited.size(), 3u);
  EXPECT_EQ(strip_escapes(limited[0].text), "  ⎿ one");
  EXPECT_EQ(strip_escapes(limited[2].text), "    … +2 lines (/settings: tool output)");
  EXPECT_EQ(tool_output_rows(out, false, SIZE_MAX, 40).size(), 4u);
  EXPECT_EQ(tool_call_title({"c1", "bash", R"({"command":"make test\nmake install"})"}), "bash(make test …)");
  EXPECT_EQ(tool_call_title({"c1", "read_file", R"({"path":"a.cc","offset":3})"}), "read_file(a.cc)");
}

TEST(Transcript, SaysWhatAnAutomaticCompactionSaved) {
  Transcript t(UiSettings{});
  t.resize(100, 20);
  t.on_event(agent_event::Compacted{.tokens_before = 12345,
                                    .tokens_after = 3210,
                                    .summarized_messages = 8,
                                    .trimmed_outputs = 0,
                                    .automatic = true},
             0);
  std::string all;
  for (const auto& r : t.take_committed()) all += strip_escapes(r.text) + "\n";
  EXPECT_NE(all.find("compacted automatically: 12,345 → 3,210 tokens (8 older messages summarised)"), std::string::npos)
      << all;
  // /compact reports its own result.
  t.on_event(agent_event::Compacted{.tokens_before = 9, .tokens_after = 1, .automatic = false}, 0);
  EXPECT_TRUE(t.take_committed().empty());
}

TEST(Transcript, SaysWhenTheWindowCutAnAnswerOff) {
  Transcript t(UiSettings{});
  t.resize(200, 20);
  t.on_event(agent_event::TextDelta{"half an"}, 0);
  t.on_event(agent_event::AnswerCutOff{.window_full = true, .used = 4096, .window = 4096}, 0);
  std::string all;
  for (const auto& r : t.take_committed()) all += strip_escapes(r.text) + "\n";
  EXPECT_LT(all.find("half an"), all.find("The answer was cut off: the context window is full (4,096 of 4,096 tokens)"))
      << all;
  EXPECT_NE(all.find("/model"), std::string::npos) << "advice for the terminal UI: " << all;
}

TEST(Transcript, StreamsAnAnswerAndShowsToolCalls) {
  Transcript t(UiSettings{});
  t.resize(60, 20);
  t.on_event(agent_event::TextDelta{"Hello **wor"}, 0);
  EXPECT_EQ(strip_escapes(t.live_rows(0).at(0).text), "● Hello **wor");
  t.on_event(agent_event::TextDelta{"ld**\n\nnext"}, 0);
  Rows done = t.take_committed();
  ASSERT_GE(done.size(), 2u);
  EXPECT_EQ(strip_escapes(done[1].text), "● Hello world");
  t.on_event(agent_event::AssistantMessage{}, 0);
  t.on_event(agent_event::ToolStarted{{"c1", "bash", R"({"command":"ls"})"}, "bash: ls"}, 1);
  Rows live = t.live_rows(3);
  ASSERT_EQ(live.size(), 2u);
  EXPECT_NE(strip_escapes(live[1].text).find("running… 2s"), std::string::npos);
  t.on_event(agent_event::ToolFinished{{"c1", "bash", R"({"command":"ls"})"}, "a\nb\n[exit code 0]", false}, 3);
  std::string all;
  for (const auto& r : t.take_committed()) all += strip_escapes(r.text) + "\n";
  EXPECT_NE(all.find("  next\n"), std::string::npos);
  EXPECT_NE(all.find("● bash(ls)\n  ⎿ a\n    b\n"), std::string::npos) << all;
  EXPECT_TRUE(t.live_rows(4).empty());
}

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
  s.on_event(agent_event::ContextUsage{2048, 4096}, 1);
  std::string row = strip_escapes(s.status_row(2, m, 200, false).text);
  EXPECT_NE(row.find("ctx 2.0k/4.1k (50%)"), std::string::npos) << row;
  s.on_event(agent_event::Compacted{2048, 512, 6, 1, false}, 2);
  row = strip_escapes(s.status_row(3, m, 200, false).text);
  EXPECT_NE(row.find("ctx 512/4.1k (12%)"), std::string::npos) << row;
}

TEST(UiBridge, FirstAnswerWinsAndClosingRefuses) {
  UiQueue q;
  UiBridge bridge(q);
  ApprovalRequest req{"bash", "bash: ls", "ls", "", "bash(ls)"};
  auto pending = bridge.ask_async(req);
  auto messages = q.drain();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(pending->answer({ApprovalDecision::kAllowOnce, ""}));
  EXPECT_FALSE(pending->answer({ApprovalDecision::kDeny, ""}));
  EXPECT_EQ(pending->wait().decision, ApprovalDecision::kAllowOnce);

  ApprovalAnswer blocked;
  std::thread engine([&] { blocked = bridge.ask(req); });
  while (q.drain().empty()) std::this_thread::yield();
  bridge.close();
  engine.join();
  EXPECT_EQ(blocked.decision, ApprovalDecision::kDeny);
  EXPECT_EQ(bridge.ask(req).decision, ApprovalDecision::kDeny) << "after close: refused at once";
}

}  // namespace
}  // namespace pair::tui
