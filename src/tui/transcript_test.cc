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

}  // namespace
}  // namespace pair::tui
