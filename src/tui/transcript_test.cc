#include "tui/transcript.h"

#include <gtest/gtest.h>

#include "protocol/user_notes.h"
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

TEST(Transcript, SaysWhyALoopEndedTheTurn) {
  Transcript t(UiSettings{});
  t.resize(200, 20);
  t.on_event(agent_event::TurnFinished{.outcome = TurnOutcome::kLoopDetected,
                                       .final_text = "",
                                       .model_requests = 5,
                                       .error = std::nullopt,
                                       .detail = "read_file was called 5 times in a row"},
             0);
  std::string all;
  for (const auto& r : t.take_committed()) all += strip_escapes(r.text) + "\n";
  EXPECT_NE(all.find("Stopped a loop: read_file was called 5 times in a row. Tell pair what to do differently."),
            std::string::npos)
      << all;
}

std::string text_of(const Rows& rows) {
  std::string all;
  for (const auto& r : rows) all += strip_escapes(r.text) + "\n";
  return all;
}

std::string new_file_diff(int lines) {
  std::string d = "--- /dev/null\n+++ b/big.txt\n@@ -0,0 +1," + std::to_string(lines) + " @@\n";
  for (int i = 1; i <= lines; ++i) d += "+line " + std::to_string(i) + "\n";
  return d;
}

TEST(Transcript, ALargeDiffIsShortenedUntilCtrlO) {
  Transcript t(UiSettings{});
  t.resize(60, 40);
  ApprovalRequest r{"write_file", "create big.txt (200 lines)", new_file_diff(200), "big.txt"};
  t.approval_context(r);
  std::string shown = text_of(t.take_committed());
  EXPECT_NE(shown.find("+line 17"), std::string::npos) << shown;  // 3 header lines, then 17 of the file
  EXPECT_EQ(shown.find("+line 18\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("… 183 more lines, ctrl+o to show"), std::string::npos) << shown;
  t.expand_latest();
  std::string full = text_of(t.take_committed());
  EXPECT_NE(full.find("+line 200\n"), std::string::npos);
  EXPECT_EQ(full.find("more lines"), std::string::npos);
}

TEST(Transcript, ACommandIsShownOnceAndAnOutsidePathIsLabelled) {
  Transcript t(UiSettings{});
  t.resize(60, 40);
  t.approval_context({"bash", "bash: make test", "make test", ""});
  std::string shown = text_of(t.take_committed());
  size_t first = shown.find("make test");
  ASSERT_NE(first, std::string::npos) << shown;
  EXPECT_EQ(shown.find("make test", first + 1), std::string::npos) << shown;
  ApprovalRequest outside{"write_file", "create /tmp/x.txt (1 line)", "--- /dev/null\n+++ /tmp/x.txt\n", "/tmp/x.txt"};
  outside.outside_workspace = true;
  t.approval_context(outside);
  EXPECT_NE(text_of(t.take_committed()).find("create /tmp/x.txt (1 line)  outside the workspace"), std::string::npos);
}

TEST(Transcript, AnEditThatRanUnaskedShowsItsDiff) {
  Transcript t(UiSettings{});
  t.resize(60, 40);
  ToolCall call{"c1", "edit_file", R"({"path":"hello.py"})"};
  t.on_event(agent_event::ToolStarted{call, "edit hello.py", "--- a/hello.py\n+++ b/hello.py\n@@ -1 +1 @@\n-a\n+b\n"},
             0);
  t.on_event(agent_event::ToolFinished{call, "Edited hello.py: 1 occurrence replaced", false}, 1);
  std::string shown = text_of(t.take_committed());
  EXPECT_NE(shown.find("Edited hello.py: 1 occurrence replaced\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("    -a\n    +b\n"), std::string::npos) << shown;
}

TEST(Transcript, AReplayShowsWhatTheUserTypedAndTheUndoAsANotice) {
  Message first =
      Message::user("<context>cwd</context>\n\n" + undo_note({"hello.py"}) + "\n\nfix it\n" + std::string(500, 'x'));
  first.shown = "fix it\n[Pasted +1 line, 500 chars]";
  ReplayedPrompt p = replayed_prompt(first);
  EXPECT_EQ(p.text, "fix it\n[Pasted +1 line, 500 chars]");
  EXPECT_EQ(p.undone_files, "hello.py");
  // A session written before `shown` was kept: the note still does not read as typed.
  p = replayed_prompt(Message::user(undo_note({"a.txt"}) + "\n\nagain"));
  EXPECT_EQ(p.text, "again");
  Transcript t(UiSettings{});
  t.resize(60, 40);
  t.replay({Message::user(undo_note({"a.txt"}) + "\n\nagain")});
  std::string shown = text_of(t.take_committed());
  EXPECT_NE(shown.find("↺ /undo: a.txt back as before the previous turn"), std::string::npos) << shown;
  EXPECT_EQ(shown.find("[The user"), std::string::npos) << shown;
  EXPECT_NE(shown.find("❯ again"), std::string::npos) << shown;
}

}  // namespace
}  // namespace pair::tui
