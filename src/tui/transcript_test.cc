#include "tui/transcript.h"

#include <gtest/gtest.h>

#include "tui/text_width.h"
#include "tui/ui_settings.h"

namespace pair::tui {
namespace {

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

TEST(Transcript, ANewWidthRedrawsTheStreamedAnswerLiveWithoutReprintingIt) {
  Transcript t(UiSettings{});
  t.set_width(120);
  t.on_event(agent_event::TextDelta{"Done part.\n\nThe open paragraph, long enough to need rows at 40 columns"}, 0);
  EXPECT_FALSE(t.take_committed().empty());
  t.set_width(40);
  EXPECT_TRUE(t.take_committed().empty()) << "the scrollback keeps what it has";
  Rows live = t.live_rows(0);
  ASSERT_GE(live.size(), 3u);  // a blank row between blocks, then the paragraph
  for (const auto& r : live) EXPECT_LE(r.width, 40) << strip_escapes(r.text);
  EXPECT_EQ(strip_escapes(live[1].text), "  The open paragraph, long enough to");
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

}  // namespace
}  // namespace pair::tui
