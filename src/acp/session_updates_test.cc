#include "acp/session_updates.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpSessionUpdates, ToolKindsFollowWhatTheToolDoes) {
  EXPECT_EQ(tool_kind("read_file"), "read");
  EXPECT_EQ(tool_kind("edit_file"), "edit");
  EXPECT_EQ(tool_kind("write_file"), "edit");
  EXPECT_EQ(tool_kind("bash"), "execute");
  EXPECT_EQ(tool_kind("search_files"), "search");
  EXPECT_EQ(tool_kind("web_fetch"), "fetch");
  EXPECT_EQ(tool_kind("mcp__fs__read"), "other");
}

TEST(AcpSessionUpdates, AProposedCallCarriesItsArgumentsAndAbsoluteLocation) {
  ToolCall call{"c1", "edit_file", R"({"path":"src/../a.txt","old_string":"x","new_string":"y"})"};
  json u = tool_call_proposed(call, "/work/p");
  EXPECT_EQ(u["sessionUpdate"], "tool_call");
  EXPECT_EQ(u["toolCallId"], "c1");
  EXPECT_EQ(u["kind"], "edit");
  EXPECT_EQ(u["status"], "pending");
  EXPECT_EQ(u["title"], "edit_file: src/../a.txt");
  EXPECT_EQ(u["rawInput"]["new_string"], "y");
  EXPECT_EQ(u["locations"], json::parse(R"([{"path":"/work/p/a.txt"}])"));
  json read = tool_call_proposed({"c2", "read_file", R"({"path":"a.txt","offset":40})"}, "/work/p");
  EXPECT_EQ(read["locations"], json::parse(R"([{"path":"/work/p/a.txt","line":40}])"));
  json no_line = tool_call_proposed({"c3", "read_file", R"({"path":"a.txt","offset":0})"}, "/work/p");
  EXPECT_FALSE(no_line["locations"][0].contains("line")) << "lines are 1-based";
}

TEST(AcpSessionUpdates, ACallWithoutAPathHasNoLocationAndKeepsUnparsableArguments) {
  json bash = tool_call_proposed({"c2", "bash", R"({"command":"make\nmake test"})"}, "/w");
  EXPECT_EQ(bash["title"], "bash: make …");
  EXPECT_FALSE(bash.contains("locations"));
  json broken = tool_call_proposed({"c3", "bash", "{not json"}, "/w");
  EXPECT_EQ(broken["rawInput"]["arguments"], "{not json");
  EXPECT_EQ(broken["title"], "bash");
}

TEST(AcpSessionUpdates, EditsAreDiffsWithWholeTexts) {
  json u = tool_call_update("c1", "completed", "edit a.txt", FileDiff{"/w/a.txt", "old\n", "new\n"});
  EXPECT_EQ(u["sessionUpdate"], "tool_call_update");
  EXPECT_EQ(u["title"], "edit a.txt");
  EXPECT_EQ(u["content"], json::parse(R"([{"type":"diff","path":"/w/a.txt","oldText":"old\n","newText":"new\n"}])"));
  EXPECT_EQ(u["locations"][0]["path"], "/w/a.txt");
  EXPECT_EQ(u["locations"][0]["line"], 1);
  json third = tool_call_update("c3", "completed", "", FileDiff{"/w/a.txt", "a\nb\nc\n", "a\nb\nC\n"});
  EXPECT_EQ(third["locations"][0]["line"], 3) << "the first changed line, 1-based";
  json appended = tool_call_update("c4", "completed", "", FileDiff{"/w/a.txt", "a\n", "a\nb\n"});
  EXPECT_EQ(appended["locations"][0]["line"], 2);
  json created = tool_call_fields("c2", "pending", "", FileDiff{"/w/b.txt", std::nullopt, "hi"});
  EXPECT_TRUE(created["content"][0]["oldText"].is_null());
  EXPECT_FALSE(created.contains("sessionUpdate"));
}

TEST(AcpSessionUpdates, OutputIsTextContentAndNothingIsSentWhenEmpty) {
  json u = tool_call_update("c1", "failed", "", std::nullopt, "exit 1");
  EXPECT_EQ(u["content"][0]["type"], "content");
  EXPECT_EQ(u["content"][0]["content"]["text"], "exit 1");
  EXPECT_FALSE(u.contains("title"));
  EXPECT_FALSE(tool_call_update("c1", "in_progress").contains("content"));
}

TEST(AcpSessionUpdates, ChunksAndStopReasons) {
  EXPECT_EQ(text_chunk("agent_thought_chunk", "hm"),
            json::parse(R"({"sessionUpdate":"agent_thought_chunk","content":{"type":"text","text":"hm"}})"));
  EXPECT_EQ(notice("warning", "retrying"),
            json::parse(R"({"sessionUpdate":"notice","severity":"warning","title":"retrying"})"));
  EXPECT_EQ(usage_update(1200, 32768), json::parse(R"({"sessionUpdate":"usage_update","used":1200,"size":32768})"));
  EXPECT_EQ(stop_reason(TurnOutcome::kCompleted, AnswerEnd::kWhole), "end_turn");
  EXPECT_EQ(stop_reason(TurnOutcome::kCompleted, AnswerEnd::kCutOff), "max_tokens");
  EXPECT_EQ(stop_reason(TurnOutcome::kCompleted, AnswerEnd::kRefused), "refusal");
  EXPECT_EQ(stop_reason(TurnOutcome::kMaxTurns, AnswerEnd::kWhole), "max_turn_requests");
  EXPECT_EQ(stop_reason(TurnOutcome::kCancelled, AnswerEnd::kCutOff), "cancelled");
  EXPECT_EQ(stop_reason(TurnOutcome::kError, AnswerEnd::kWhole), std::nullopt);
  EXPECT_EQ(stop_reason(TurnOutcome::kLoopDetected, AnswerEnd::kWhole), "end_turn");
}

}  // namespace
}  // namespace pair::acp
