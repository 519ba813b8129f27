#include "headless/headless_output.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cstdio>

#include "headless/headless_approvals.h"

namespace pair {
namespace {

/// What a HeadlessOutput writes, read back from two temporary files.
struct Captured {
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  ~Captured() {
    std::fclose(out);
    std::fclose(err);
  }
  static std::string read(std::FILE* f) {
    std::rewind(f);
    std::string s;
    for (int c; (c = std::fgetc(f)) != EOF;) s += static_cast<char>(c);
    return s;
  }
};

ApprovalRequest bash_request(const std::string& command) {
  return {
      .tool = "bash", .summary = "bash: " + command, .detail = command, .path = "", .rule = "bash(" + command + ")"};
}

TEST(HeadlessOutput, TextListsRefusedToolCallsOnStderrAtTheEnd) {
  Captured c;
  HeadlessOutput out(OutputFormat::kText, /*verbose=*/false, c.out, c.err);
  HeadlessApprovals approvals(out);
  EXPECT_EQ(approvals.ask(bash_request("make test")).decision, ApprovalDecision::kDeny);
  out.on_event(agent_event::TurnFinished{.final_text = "I could not run it.", .error = std::nullopt});
  EXPECT_EQ(Captured::read(c.err), "") << "listed at the end, after the answer";
  out.finish();
  EXPECT_EQ(Captured::read(c.out), "I could not run it.\n");
  std::string err = Captured::read(c.err);
  EXPECT_NE(err.find("1 tool call was refused by the permission mode"), std::string::npos) << err;
  EXPECT_NE(err.find("  bash(make test)\n"), std::string::npos) << err;
}

TEST(HeadlessOutput, JsonResultCountsRefusedToolCalls) {
  Captured c;
  HeadlessOutput out(OutputFormat::kJson, false, c.out, c.err);
  HeadlessApprovals approvals(out);
  approvals.ask(bash_request("a"));
  approvals.ask(bash_request("b"));
  out.on_event(agent_event::TurnFinished{});
  out.finish();
  auto result = nlohmann::json::parse(Captured::read(c.out));
  EXPECT_EQ(result["refused_tool_calls"], 2);
  EXPECT_EQ(result["refused"], nlohmann::json::array({"bash(a)", "bash(b)"}));
}

TEST(HeadlessOutput, WarningsShowWithoutVerbose) {
  Captured c;
  HeadlessOutput out(OutputFormat::kText, false, c.out, c.err);
  out.on_event(agent_event::Notice{"a retry"});
  out.on_event(agent_event::Warning{"models.json: 1 unknown field ignored"});
  EXPECT_EQ(Captured::read(c.err), "[pair] models.json: 1 unknown field ignored\n");
}

/// What text mode prints on stderr for a turn whose answer was cut off.
std::string text_mode_stderr(const agent_event::AnswerCutOff& cut) {
  Captured c;
  HeadlessOutput out(OutputFormat::kText, false, c.out, c.err);
  out.on_event(cut);
  out.on_event(agent_event::TurnFinished{.final_text = "half an", .error = std::nullopt});
  out.finish();
  return Captured::read(c.err);
}

/// stream-json's cut_off event and result for such a turn.
std::pair<nlohmann::json, nlohmann::json> stream_json_events(const agent_event::AnswerCutOff& cut) {
  Captured c;
  HeadlessOutput out(OutputFormat::kStreamJson, false, c.out, c.err);
  out.on_event(cut);
  out.on_event(agent_event::TurnFinished{});
  out.finish();
  std::string text = Captured::read(c.out);
  return {nlohmann::json::parse(text.substr(0, text.find('\n'))),
          nlohmann::json::parse(text.substr(text.find('\n') + 1))};
}

TEST(HeadlessOutput, AnAnswerCutOffByTheWindowIsSaidInEveryFormat) {
  agent_event::AnswerCutOff cut{.window_full = true, .used = 4096, .window = 4096};
  std::string err = text_mode_stderr(cut);
  EXPECT_NE(err.find("the answer was cut off: the context window is full (4,096 of 4,096 tokens)"), std::string::npos)
      << err;
  EXPECT_NE(err.find("--model"), std::string::npos) << "advice for the command line: " << err;
  auto [event, result] = stream_json_events(cut);
  EXPECT_EQ(event["type"], "cut_off");
  EXPECT_EQ(event["reason"], "context_window");
  EXPECT_EQ(result["cut_off"], "context_window");
}

TEST(HeadlessOutput, AnAnswerTheProviderFilteredIsSaidAsSuch) {
  agent_event::AnswerCutOff cut{.filtered = true, .used = 0, .window = 4096};
  std::string err = text_mode_stderr(cut);
  EXPECT_NE(err.find("content filter or guardrail"), std::string::npos) << err;
  EXPECT_EQ(err.find("token limit"), std::string::npos) << "not blamed on a limit: " << err;
  auto [event, result] = stream_json_events(cut);
  EXPECT_EQ(event["reason"], "content_filter");
  EXPECT_EQ(result["cut_off"], "content_filter");
}

TEST(HeadlessOutput, StreamJsonTimingsCarryDraftCountsWhenTheServerDrafts) {
  Captured c;
  HeadlessOutput out(OutputFormat::kStreamJson, false, c.out, c.err);
  out.on_event(agent_event::Timings{ServerTimings{.prompt_n = 5, .predicted_n = 40}});
  out.on_event(
      agent_event::Timings{ServerTimings{.prompt_n = 5, .predicted_n = 40, .draft_n = 32, .draft_accepted = 24}});
  out.on_event(agent_event::TurnFinished{});
  out.finish();
  std::vector<nlohmann::json> lines;
  std::string text = Captured::read(c.out);
  for (size_t start = 0, nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1)
    lines.push_back(nlohmann::json::parse(text.substr(start, nl - start)));
  ASSERT_EQ(lines.size(), 3u) << text;
  EXPECT_FALSE(lines[0]["timings"].contains("draft_n")) << "no drafting, no draft fields";
  EXPECT_EQ(lines[1]["timings"]["draft_n"], 32);
  EXPECT_EQ(lines[1]["timings"]["draft_n_accepted"], 24);
  EXPECT_EQ(lines[2]["timings"]["draft_n"], 32) << "the result's totals";
}

TEST(HeadlessOutput, AStoppedLoopIsNamedInTextAndInTheResult) {
  agent_event::TurnFinished loop{.outcome = TurnOutcome::kLoopDetected,
                                 .final_text = "",
                                 .model_requests = 5,
                                 .error = std::nullopt,
                                 .detail = "read_file was called 5 times in a row"};
  {
    Captured c;
    HeadlessOutput out(OutputFormat::kText, false, c.out, c.err);
    out.on_event(loop);
    out.finish();
    EXPECT_EQ(Captured::read(c.err),
              "pair: stopped a loop: read_file was called 5 times in a row; continue with pair -c and a different "
              "instruction\n");
  }
  {
    Captured c;
    HeadlessOutput out(OutputFormat::kStreamJson, false, c.out, c.err);
    out.on_event(loop);
    out.finish();
    auto result = nlohmann::json::parse(Captured::read(c.out));
    EXPECT_EQ(result["outcome"], "loop_detected");
    EXPECT_EQ(result["is_error"], false);
    EXPECT_EQ(result["detail"], "read_file was called 5 times in a row");
  }
}

}  // namespace
}  // namespace pair
