#include "core/agent.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <deque>
#include <thread>

namespace pair {
namespace {

using nlohmann::json;

/// One scripted answer: events to deliver, then an optional error.
struct Script {
  std::vector<ModelEvent> events;
  std::optional<Error> error;
};

class FakeProvider : public ModelProvider {
 public:
  std::deque<Script> scripts;
  std::vector<std::vector<Message>> requests;

  std::vector<std::vector<Message>> summary_requests;
  std::optional<Error> summary_error;  ///< the summary requests fail with it

  Result<void> stream(const ChatRequest& req, const ModelEventHandler& on_event, std::stop_token stop) override {
    // Compaction's summary requests are answered here, apart from the script.
    if (!req.messages.empty() && req.messages.back().role == Role::kUser &&
        req.messages.back().content.find("write a summary of this conversation") != std::string::npos) {
      summary_requests.emplace_back(req.messages.begin(), req.messages.end());
      if (summary_error) return std::unexpected(*summary_error);
      on_event(model_event::TextDelta{"SUMMARY " + std::to_string(summary_requests.size())});
      on_event(model_event::Finish{});
      return {};
    }
    requests.emplace_back(req.messages.begin(), req.messages.end());
    if (scripts.empty()) return fail(ErrorCode::kInternal, "script exhausted");
    Script s = scripts.front();
    scripts.pop_front();
    for (const auto& e : s.events) {
      if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "cancelled");
      on_event(e);
    }
    if (s.error) return std::unexpected(*s.error);
    return {};
  }
  std::string describe() const override { return "fake"; }

  /// Answers of count_tokens, in order; the last one repeats.
  std::vector<Result<int64_t>> token_counts = {fail(ErrorCode::kNotFound, "the server offers no tokenizer")};
  int token_count_calls = 0;
  Result<int64_t> count_tokens(std::string_view, std::stop_token) override {
    size_t i = std::min(static_cast<size_t>(token_count_calls++), token_counts.size() - 1);
    return token_counts[i];
  }
};

Script text_answer(const std::string& text) {
  return {{model_event::TextDelta{text}, model_event::Finish{FinishReason::kStop, "stop"}}, std::nullopt};
}

Script calls(std::vector<ToolCall> cs, FinishReason reason = FinishReason::kToolCalls) {
  Script s;
  for (auto& c : cs) s.events.push_back(model_event::ToolCallDone{c});
  s.events.push_back(model_event::Finish{reason, ""});
  return s;
}

/// Echoes its "text" argument; kWrite when "write" is true (to exercise permissions).
class EchoTool : public Tool {
 public:
  int runs = 0;
  std::function<void()> during_run;
  const ToolSpec& spec() const override { return spec_; }
  Result<ToolEffect> inspect(const json& args, const ToolContext& ctx) const override {
    ToolEffect e;
    e.access = args.value("write", false) ? ToolAccess::kWrite : ToolAccess::kRead;
    e.paths.push_back(ctx.workspace / "f");
    e.summary = "echo";
    return e;
  }
  ToolOutput run(const json& args, const ToolContext&) override {
    ++runs;
    if (during_run) during_run();
    return ToolOutput::ok("echo: " + args["text"].get<std::string>());
  }

 private:
  ToolSpec spec_{
      "echo", "Echo text.",
      R"({"type":"object","properties":{"text":{"type":"string"},"n":{"type":"integer"},"write":{"type":"boolean"}},"required":["text"],"additionalProperties":false})"};
};

class ScriptedApprovals : public ApprovalHandler {
 public:
  ApprovalDecision decision = ApprovalDecision::kDeny;
  int asked = 0;
  ApprovalAnswer ask(const ApprovalRequest&) override {
    ++asked;
    return {decision, "not now"};
  }
};

class AgentTest : public ::testing::Test {
 protected:
  AgentTest() : permissions(PermissionMode::kDefault, "/ws") {
    auto t = std::make_unique<EchoTool>();
    echo = t.get();
    tools.add(std::move(t));
  }

  Agent make(int max_turns = 0, AdviceContext advice = {}) {
    AgentOptions o;
    o.workspace = "/ws";
    o.max_turns = max_turns;
    o.advice = advice;
    o.retry_delay = std::chrono::milliseconds(1);
    o.loop_guard = loop_guard;
    return Agent(o, provider, tools, permissions, approvals, [this](const AgentEvent& e) { events.push_back(e); });
  }

  template <class T>
  std::vector<T> events_of() const {
    std::vector<T> out;
    for (const auto& e : events)
      if (auto* p = std::get_if<T>(&e)) out.push_back(*p);
    return out;
  }

  FakeProvider provider;
  ToolRegistry tools;
  EchoTool* echo;
  PermissionPolicy permissions;
  ScriptedApprovals approvals;
  std::vector<AgentEvent> events;
  LoopGuardSettings loop_guard;
};

TEST_F(AgentTest, LoopsThroughToolsUntilAFinalAnswer) {
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a"})"}, {"c2", "echo", R"({"text":"b"})"}}),
                      calls({{"c3", "echo", R"({"text":"c"})"}}), text_answer("done")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "done");
  EXPECT_EQ(r.model_requests, 3);
  EXPECT_EQ(echo->runs, 3);
  // system, user, assistant(2 calls), tool, tool, assistant(1), tool, assistant
  const auto& m = agent.messages();
  ASSERT_EQ(m.size(), 8u);
  EXPECT_EQ(m[0].role, Role::kSystem);
  EXPECT_EQ(m[3].tool_call_id, "c1");
  EXPECT_EQ(m[3].content, "echo: a");
  EXPECT_EQ(m[4].tool_call_id, "c2");
  EXPECT_EQ(m[6].tool_call_id, "c3");
  // Every request extends the previous one.
  ASSERT_EQ(provider.requests.size(), 3u);
  for (size_t i = 1; i < provider.requests.size(); ++i) {
    const auto& prev = provider.requests[i - 1];
    const auto& cur = provider.requests[i];
    ASSERT_GT(cur.size(), prev.size());
    for (size_t k = 0; k < prev.size(); ++k) EXPECT_EQ(cur[k].content, prev[k].content);
  }
}

TEST_F(AgentTest, FinishStopWithToolCallsStillRunsThem) {
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a"})"}}, FinishReason::kStop), text_answer("ok")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(echo->runs, 1);
}

TEST_F(AgentTest, MalformedArgumentsBecomeAnErrorResultAndTheModelRetries) {
  provider.scripts = {calls({{"c1", "echo", R"({"text": "a", )"}}), calls({{"c2", "echo", R"({"txt":"a"})"}}),
                      text_answer("gave up")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(echo->runs, 0);
  const auto& m = agent.messages();
  EXPECT_TRUE(m[3].is_error);
  EXPECT_NE(m[3].content.find("not valid JSON"), std::string::npos);
  EXPECT_EQ(m[2].tool_calls[0].arguments, "{}");  // the conversation keeps valid JSON
  EXPECT_NE(m[5].content.find("missing required \"text\""), std::string::npos);
  EXPECT_NE(m[5].content.find("unknown argument \"txt\""), std::string::npos);
}

TEST_F(AgentTest, RepairedArgumentsRunAndAreNormalizedInTheConversation) {
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a","n":"3"})"}}), text_answer("ok")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  EXPECT_EQ(echo->runs, 1);
  EXPECT_EQ(agent.messages()[2].tool_calls[0].arguments, R"({"n":3,"text":"a"})");
  EXPECT_FALSE(events_of<agent_event::Notice>().empty());
}

TEST_F(AgentTest, UnknownToolListsTheAvailableOnes) {
  provider.scripts = {calls({{"c1", "read_fil", "{}"}}), text_answer("ok")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  const auto& result = agent.messages()[3];
  EXPECT_TRUE(result.is_error);
  EXPECT_NE(result.content.find("Unknown tool \"read_fil\""), std::string::npos);
  EXPECT_NE(result.content.find("echo"), std::string::npos);
}

TEST_F(AgentTest, ToolCallsLeftInTheTextAreRecovered) {
  provider.scripts = {text_answer("Sure.\n<tool_call>\n<function=echo>\n<parameter=text>\nhi\n</parameter>\n"
                                  "</function>\n</tool_call>"),
                      text_answer("done")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(echo->runs, 1);
  const auto& a = agent.messages()[2];
  EXPECT_EQ(a.content, "Sure.");
  ASSERT_EQ(a.tool_calls.size(), 1u);
  EXPECT_FALSE(a.tool_calls[0].id.empty());
  EXPECT_EQ(agent.messages()[3].tool_call_id, a.tool_calls[0].id);
}

TEST_F(AgentTest, MistralAndPythonicCallsLeftInTheTextRun) {
  // Streamed in pieces that split the markers, as a server that does not know the format sends them.
  auto in_pieces = [](const std::string& text) {
    Script s;
    for (size_t i = 0; i < text.size(); i += 5) s.events.push_back(model_event::TextDelta{text.substr(i, 5)});
    s.events.push_back(model_event::Finish{FinishReason::kStop, "stop"});
    return s;
  };
  provider.scripts = {in_pieces("Checking.[TOOL_CALLS]echo[ARGS]{\"text\": \"m\"}"),
                      in_pieces("[echo(text=\"p1\"), echo(text='p2', n=2)]"), text_answer("done")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "done");
  EXPECT_EQ(echo->runs, 3);
  const auto& m = agent.messages();
  ASSERT_EQ(m.size(), 8u);  // system, user, assistant, tool, assistant, tool, tool, assistant
  EXPECT_EQ(m[2].content, "Checking.");
  EXPECT_EQ(m[3].content, "echo: m");
  EXPECT_EQ(m[4].content, "");
  EXPECT_EQ(m[5].content, "echo: p1");
  EXPECT_EQ(m[6].content, "echo: p2");
  auto notices = events_of<agent_event::Notice>();
  bool named_mistral = false, named_pythonic = false;
  for (const auto& n : notices) {
    named_mistral = named_mistral || n.text.find("recovered 1 tool call(s) in Mistral format") != std::string::npos;
    named_pythonic = named_pythonic || n.text.find("recovered 2 tool call(s) in pythonic format") != std::string::npos;
  }
  EXPECT_TRUE(named_mistral);
  EXPECT_TRUE(named_pythonic);
}

TEST_F(AgentTest, ACallOfAToolNotOfferedStaysText) {
  provider.scripts = {text_answer("[launch(target=\"moon\")]")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "[launch(target=\"moon\")]");
  EXPECT_EQ(echo->runs, 0);
}

TEST_F(AgentTest, BrokenCallsInsideMarkersGetAPreciseErrorInsteadOfASilentAnswer) {
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"<tool_call>\n{\"name\": \"echo\", \"arguments\": {\"text\": \"a", "Invalid arguments for echo: not valid JSON"},
      {"<tool_call>{\"name\": \"ech\", \"arguments\": {\"text\": \"a\"}}</tool_call>", "Unknown tool \"ech\""},
      {"[TOOL_CALLS]echo[ARGS][\"a\"]", "Invalid arguments for echo: expected a JSON object, got array"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    provider.scripts = {text_answer("Let me see. " + c.text), text_answer("done")};
    Agent agent = make();
    auto r = agent.run_turn(Message::user("go"));
    EXPECT_EQ(r.final_text, "done");  // the model was asked again, not left with its broken call as text
    EXPECT_EQ(echo->runs, 0);
    const auto& m = agent.messages();
    ASSERT_EQ(m.size(), 5u);  // system, user, assistant with the call, its error, the answer
    EXPECT_EQ(m[2].content, "Let me see.");
    ASSERT_EQ(m[2].tool_calls.size(), 1u);
    EXPECT_TRUE(m[3].is_error);
    EXPECT_NE(m[3].content.find(c.error), std::string::npos) << m[3].content;
    auto notices = events_of<agent_event::Notice>();
    ASSERT_FALSE(notices.empty());
    EXPECT_NE(notices.back().text.find("(1 malformed: the model is told what was wrong)"), std::string::npos)
        << notices.back().text;
  }
}

TEST_F(AgentTest, MissingAndDuplicateIdsAreMadeUnique) {
  provider.scripts = {calls({{"", "echo", R"({"text":"a"})"}, {"", "echo", R"({"text":"b"})"}}),
                      calls({{"call_1", "echo", R"({"text":"c"})"}}), text_answer("ok")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  std::set<std::string> ids;
  for (const auto& m : agent.messages())
    for (const auto& c : m.tool_calls) EXPECT_TRUE(ids.insert(c.id).second) << c.id;
  EXPECT_EQ(ids.size(), 3u);
}

TEST_F(AgentTest, MaxTurnsStopsTheLoopWithEveryCallAnswered) {
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a"})"}}), calls({{"c2", "echo", R"({"text":"b"})"}}),
                      text_answer("never")};
  Agent agent = make(/*max_turns=*/2);
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kMaxTurns);
  EXPECT_EQ(r.model_requests, 2);
  EXPECT_EQ(agent.messages().back().role, Role::kTool);
}

/// An answer with only reasoning (and optional text), as a model that calls from inside its thinking gives.
Script reasoning_answer(const std::string& reasoning, const std::string& text = "") {
  Script s{{model_event::ReasoningDelta{reasoning}}, std::nullopt};
  if (!text.empty()) s.events.push_back(model_event::TextDelta{text});
  s.events.push_back(model_event::Finish{FinishReason::kStop, "stop"});
  return s;
}

const std::string kCallInReasoning =
    "I need the file.\n<tool_call>\n{\"name\": \"echo\", \"arguments\": {\"text\": \"a\"}}\n</tool_call>\n";

std::vector<Message> tool_results(const std::vector<Message>& messages) {
  std::vector<Message> out;
  for (const auto& m : messages)
    if (m.role == Role::kTool) out.push_back(m);
  return out;
}

TEST_F(AgentTest, ARepeatedCallIsNotRunOnTheThirdTimeAndEndsTheTurnOnTheFifth) {
  for (int i = 0; i < 4; ++i) provider.scripts.push_back(calls({{"", "echo", R"({"text":"a"})"}}));
  // The fifth comes with another call: it is answered too, without running.
  provider.scripts.push_back(calls({{"", "echo", R"({"text":"a"})"}, {"", "echo", R"({"text":"b"})"}}));
  provider.scripts.push_back(text_answer("never"));
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kLoopDetected);
  EXPECT_EQ(r.model_requests, 5);
  EXPECT_EQ(echo->runs, 2);
  EXPECT_EQ(r.detail, "echo was called 5 times in a row with the same arguments and got the same result each time");
  auto results = tool_results(agent.messages());
  ASSERT_EQ(results.size(), 6u);  // every call answered
  EXPECT_EQ(results[1].content, "echo: a");
  EXPECT_TRUE(results[2].is_error);
  EXPECT_NE(results[2].content.find("Not run: echo was called 2 times in a row"), std::string::npos)
      << results[2].content;
  EXPECT_NE(results[3].content.find("Take a different step"), std::string::npos);
  EXPECT_NE(results[4].content.find("pair stopped the turn"), std::string::npos) << results[4].content;
  EXPECT_EQ(results[5].content, "Not run: the turn was stopped.");
  EXPECT_EQ(events_of<agent_event::TurnFinished>().back().outcome, TurnOutcome::kLoopDetected);
  auto notices = events_of<agent_event::Notice>();  // the third and the fourth, not run
  ASSERT_EQ(notices.size(), 2u);
  EXPECT_EQ(notices[1].text,
            "not run: echo repeated 4 times with the same arguments and result; asked the model to take another step");
}

TEST_F(AgentTest, AlternatingCallsWithTheSameResultsAreALoopToo) {
  for (int i = 0; i < 10; ++i)
    provider.scripts.push_back(calls({{"", "echo", i % 2 == 0 ? R"({"text":"a"})" : R"({"text":"b"})"}}));
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kLoopDetected);
  EXPECT_EQ(r.model_requests, 9);  // a, b, a, b run; a, b, a, b answered; the fifth a stops
  EXPECT_EQ(echo->runs, 4);
  EXPECT_NE(r.detail.find("the same 2 calls (echo, echo)"), std::string::npos) << r.detail;
}

TEST_F(AgentTest, TheLoopGuardCountsEachTurnAfreshAndCanBeTurnedOff) {
  loop_guard = {.warn_after = 0, .stop_after = 0};
  for (int i = 0; i < 6; ++i) provider.scripts.push_back(calls({{"", "echo", R"({"text":"a"})"}}));
  provider.scripts.push_back(text_answer("done"));
  Agent off = make();
  EXPECT_EQ(off.run_turn(Message::user("go")).outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(echo->runs, 6);

  loop_guard = {};
  echo->runs = 0;
  provider.scripts = {calls({{"", "echo", R"({"text":"a"})"}}), calls({{"", "echo", R"({"text":"a"})"}}),
                      text_answer("first"), calls({{"", "echo", R"({"text":"a"})"}}), text_answer("second")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  EXPECT_EQ(agent.run_turn(Message::user("again")).outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(echo->runs, 3);  // the next turn's first call runs
}

TEST_F(AgentTest, ACallLeftAtTheEndOfTheReasoningGetsOneNudge) {
  provider.scripts = {reasoning_answer(kCallInReasoning), calls({{"", "echo", R"({"text":"a"})"}}),
                      text_answer("done")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "done");
  EXPECT_EQ(echo->runs, 1);  // the call made after the nudge; the one in the reasoning never ran
  const auto& m = agent.messages();
  ASSERT_EQ(m.size(), 7u);
  EXPECT_EQ(m[2].role, Role::kAssistant);
  EXPECT_EQ(m[2].reasoning, kCallInReasoning);  // kept as the model wrote it
  EXPECT_TRUE(m[2].tool_calls.empty());
  EXPECT_EQ(m[3].role, Role::kUser);
  EXPECT_NE(m[3].content.find("a call to echo"), std::string::npos) << m[3].content;
  // The nudge extends the conversation as sent: the second request starts with the whole first one.
  ASSERT_EQ(provider.requests.size(), 3u);
  ASSERT_EQ(provider.requests[1].size(), provider.requests[0].size() + 2);
  for (size_t k = 0; k < provider.requests[0].size(); ++k)
    EXPECT_EQ(provider.requests[1][k].content, provider.requests[0][k].content);
  auto notices = events_of<agent_event::Notice>();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].text.find("echo was called inside the reasoning"), std::string::npos) << notices[0].text;
}

TEST_F(AgentTest, TheReasoningNudgeIsSentOncePerTurn) {
  provider.scripts = {reasoning_answer(kCallInReasoning), reasoning_answer(kCallInReasoning), text_answer("never")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.model_requests, 2);
  EXPECT_EQ(echo->runs, 0);
}

TEST_F(AgentTest, NoNudgeWhenTheAnswerHasTextOrTheReasoningGoesOn) {
  provider.scripts = {reasoning_answer(kCallInReasoning, "I would read it, but you only asked."),
                      reasoning_answer(kCallInReasoning + "No: the user only asked a question.")};
  Agent agent = make();
  EXPECT_EQ(agent.run_turn(Message::user("go")).model_requests, 1);
  EXPECT_EQ(agent.run_turn(Message::user("and?")).model_requests, 1);
  EXPECT_TRUE(events_of<agent_event::Notice>().empty());
}

TEST_F(AgentTest, NoNudgeWhenMaxTurnsLeavesNoRequestToAnswerIt) {
  provider.scripts = {reasoning_answer(kCallInReasoning), text_answer("never")};
  Agent agent = make(/*max_turns=*/1);
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(agent.messages().back().role, Role::kAssistant);  // the conversation does not end on a question
}

TEST_F(AgentTest, WritesAskAndARefusalGoesBackToTheModel) {
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a","write":true})"}}), text_answer("ok")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(approvals.asked, 1);
  EXPECT_EQ(echo->runs, 0);
  EXPECT_NE(agent.messages()[3].content.find("did not allow"), std::string::npos);
}

TEST_F(AgentTest, AllowAlwaysIsRemembered) {
  approvals.decision = ApprovalDecision::kAllowAlways;
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a","write":true})"}}),
                      calls({{"c2", "echo", R"({"text":"b","write":true})"}}), text_answer("ok")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  EXPECT_EQ(approvals.asked, 1);
  EXPECT_EQ(echo->runs, 2);
}

TEST_F(AgentTest, RetriesOnlyBeforeAnyContentArrived) {
  provider.scripts = {Script{{}, Error(ErrorCode::kHttp, "busy", 503)}, text_answer("ok")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(provider.requests.size(), 2u);

  provider.scripts = {Script{{model_event::TextDelta{"partial"}}, Error(ErrorCode::kConnection, "closed")}};
  events.clear();
  auto r2 = agent.run_turn(Message::user("again"));
  EXPECT_EQ(r2.outcome, TurnOutcome::kError);
  EXPECT_EQ(provider.requests.size(), 3u);                // no retry after content
  EXPECT_EQ(agent.messages().back().content, "partial");  // partial answer kept
}

TEST_F(AgentTest, RetryNoticesOfOneCauseShowOnce) {
  Error busy(ErrorCode::kHttp, "model server at http://h/v1 answered with HTTP 503: Loading model", 503);
  provider.scripts = {Script{{}, busy}, Script{{}, busy}, Script{{}, busy}, text_answer("ok")};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(provider.requests.size(), 4u);
  auto notices = events_of<agent_event::Notice>();
  ASSERT_EQ(notices.size(), 1u) << "three identical failures, one line";
  EXPECT_TRUE(notices[0].text.starts_with("retrying (up to 3×")) << notices[0].text;
  EXPECT_TRUE(notices[0].text.ends_with("HTTP 503: Loading model")) << notices[0].text;
}

TEST_F(AgentTest, RetryNoticesKeepTheCauseOfALongError) {
  Error busy(ErrorCode::kHttp, "model server answered with HTTP 503: " + std::string(3000, 'x') + " the real cause",
             503);
  provider.scripts = {Script{{}, busy}, text_answer("ok")};
  Agent agent = make();
  agent.run_turn(Message::user("go"));
  auto notices = events_of<agent_event::Notice>();
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_LT(notices[0].text.size(), 600u);
  EXPECT_TRUE(notices[0].text.ends_with("the real cause")) << notices[0].text;
}

TEST_F(AgentTest, AdviceNamesTheFrontEndsCommandsAndTheModelsSetting) {
  Agent ui = make(0, {FrontEnd::kTerminalUi, /*managed_model=*/true});
  ui.set_context_window(1000, "test");
  auto r = ui.run_turn(Message::user(std::string(20000, 'x')));
  ASSERT_TRUE(r.error.has_value());
  EXPECT_NE(r.error->message.find("/model"), std::string::npos) << r.error->message;
  EXPECT_NE(r.error->message.find("\"ctx\""), std::string::npos) << r.error->message;
  EXPECT_EQ(r.error->message.find("--model"), std::string::npos) << r.error->message;
  EXPECT_EQ(r.error->message.find("context_window"), std::string::npos) << r.error->message;

  Agent headless = make(0, {FrontEnd::kHeadless, /*managed_model=*/false});
  headless.set_context_window(1000, "test");
  auto h = headless.run_turn(Message::user(std::string(20000, 'x')));
  ASSERT_TRUE(h.error.has_value());
  EXPECT_NE(h.error->message.find("--model NAME"), std::string::npos) << h.error->message;
  EXPECT_NE(h.error->message.find("context_window in models.json"), std::string::npos) << h.error->message;
  EXPECT_EQ(h.error->message.find("/compact"), std::string::npos) << "headless has no commands: " << h.error->message;

  // A server that cannot be reached: the way to another model, in the front-end's words.
  provider.scripts = {Script{{}, Error(ErrorCode::kAuth, "HTTP 401: bad key", 401)}};
  Agent fresh = make(0, {FrontEnd::kTerminalUi, /*managed_model=*/false});
  auto a = fresh.run_turn(Message::user("hi"));
  ASSERT_TRUE(a.error.has_value());
  EXPECT_NE(a.error->message.find("choose another model with /model"), std::string::npos) << a.error->message;
}

TEST_F(AgentTest, NonRetryableErrorEndsTheTurn) {
  provider.scripts = {Script{{}, Error(ErrorCode::kHttp, "bad request", 400)}};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kError);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->message, "bad request");
  EXPECT_EQ(provider.requests.size(), 1u);
}

TEST_F(AgentTest, CancelDuringToolsAnswersEveryCall) {
  std::stop_source source;
  echo->during_run = [&] { source.request_stop(); };
  provider.scripts = {calls({{"c1", "echo", R"({"text":"a"})"}, {"c2", "echo", R"({"text":"b"})"}})};
  Agent agent = make();
  auto r = agent.run_turn(Message::user("go"), source.get_token());
  EXPECT_EQ(r.outcome, TurnOutcome::kCancelled);
  EXPECT_EQ(echo->runs, 1);
  const auto& m = agent.messages();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[4].tool_call_id, "c2");
  EXPECT_NE(m[4].content.find("Cancelled"), std::string::npos);
}

TEST_F(AgentTest, LoadConversationClosesInterruptedCalls) {
  Message a;
  a.role = Role::kAssistant;
  a.tool_calls = {{"c1", "echo", "{}"}, {"c2", "echo", "{}"}};
  std::vector<Message> saved{Message::user("go"), a, Message::tool_result(a.tool_calls[0], "done", false)};
  std::vector<Message> observed;
  Agent agent = make();
  agent.set_message_observer([&](const Message& m) { observed.push_back(m); });
  agent.load_conversation(saved);
  const auto& m = agent.messages();
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m[4].tool_call_id, "c2");
  EXPECT_TRUE(m[4].is_error);
  ASSERT_EQ(observed.size(), 1u);  // the repair is recorded too
  // New ids do not collide with the loaded ones.
  provider.scripts = {calls({{"c1", "echo", R"({"text":"x"})"}}), text_answer("ok")};
  agent.run_turn(Message::user("more"));
  EXPECT_NE(agent.messages()[6].tool_calls[0].id, "c1");
}

/// A conversation of `turns` finished turns with sizeable answers.
std::vector<Message> long_history(int turns) {
  std::vector<Message> m{Message::user("first request")};
  for (int i = 0; i < turns; ++i) {
    Message a;
    a.role = Role::kAssistant;
    a.content = "answer " + std::to_string(i) + " " + std::string(600, 'a');
    m.push_back(a);
    m.push_back(Message::user("request " + std::to_string(i + 1) + " " + std::string(300, 'q')));
  }
  Message last;
  last.role = Role::kAssistant;
  last.content = "last answer";
  m.push_back(last);
  return m;
}

TEST_F(AgentTest, CompactsAutomaticallyWhenTheNextRequestWouldPassTheThreshold) {
  Agent agent = make();
  agent.load_conversation(long_history(10));
  std::vector<std::vector<Message>> replaced;
  agent.set_compaction_observer([&](const std::vector<Message>& m) { replaced.push_back(m); });
  int64_t used = agent.context_used();
  agent.set_context_window(used * 5 / 4 - 10, "test");  // the next request passes 80%
  provider.scripts = {text_answer("done")};
  auto r = agent.run_turn(Message::user("next"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  ASSERT_GE(provider.summary_requests.size(), 1u);
  ASSERT_EQ(provider.requests.size(), 1u);
  const auto& sent = provider.requests[0];
  EXPECT_EQ(sent[1].content, "first request");
  EXPECT_EQ(sent[2].role, Role::kAssistant);
  EXPECT_NE(sent[2].content.find("SUMMARY"), std::string::npos);
  EXPECT_EQ(sent.back().content, "next");
  EXPECT_LT(sent.size(), long_history(10).size());
  auto compacted = events_of<agent_event::Compacted>();
  ASSERT_EQ(compacted.size(), 1u);
  EXPECT_TRUE(compacted[0].automatic);
  EXPECT_LT(compacted[0].tokens_after, compacted[0].tokens_before);
  ASSERT_EQ(replaced.size(), 1u);
  EXPECT_EQ(replaced[0].size(), sent.size());  // the request is the compacted conversation
}

TEST_F(AgentTest, AServerThatCannotBeReachedIsTheErrorNotTheWindow) {
  Agent agent = make();
  agent.load_conversation(long_history(10));
  agent.set_context_window(agent.context_used() + 100, "test");  // full: compaction must run first
  provider.summary_error = Error(ErrorCode::kConnection, "cannot connect to http://127.0.0.1:9/v1");
  auto r = agent.run_turn(Message::user("next"));
  EXPECT_EQ(r.outcome, TurnOutcome::kError);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, ErrorCode::kConnection) << r.error->message;
  EXPECT_NE(r.error->message.find("cannot connect"), std::string::npos) << r.error->message;
  EXPECT_TRUE(provider.requests.empty());
}

TEST_F(AgentTest, TheSummaryComesFromTheCachedPrefixWhenTheConversationFits) {
  Agent agent = make();
  agent.load_conversation(long_history(20));
  int64_t used = agent.context_used();
  agent.set_context_window((used + 300) * 8 / 7 + 40, "test");  // past 80%, but room for the summary
  provider.scripts = {text_answer("done")};
  agent.run_turn(Message::user("next"));
  ASSERT_EQ(provider.summary_requests.size(), 1u);
  const auto& s = provider.summary_requests[0];
  // The whole conversation, the new user message included, then the instruction.
  EXPECT_EQ(s[0].role, Role::kSystem);
  EXPECT_EQ(s[s.size() - 2].content, "next");
}

/// The provider's classification: the window travels in the error, not its wording.
Error overflow_with_window(int64_t window) {
  Error e(ErrorCode::kContextOverflow, "the request exceeds the available context size, try increasing it", 400);
  e.window = window;
  return e;
}

TEST_F(AgentTest, OverflowErrorCompactsAndRetriesOnce) {
  Agent agent = make();
  agent.load_conversation(long_history(10));
  provider.scripts = {Script{{}, overflow_with_window(3000)}, text_answer("answered after compaction")};
  auto r = agent.run_turn(Message::user("next"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "answered after compaction");
  EXPECT_EQ(agent.context_window(), 3000);  // learned from the error
  ASSERT_EQ(provider.requests.size(), 2u);
  EXPECT_FALSE(provider.summary_requests.empty());
  EXPECT_LT(provider.requests[1].size(), provider.requests[0].size());

  // A second overflow right after a compaction is not retried again.
  provider.scripts = {Script{{}, Error(ErrorCode::kContextOverflow, "too long", 400)},
                      Script{{}, Error(ErrorCode::kContextOverflow, "still too long", 400)}};
  auto again = agent.run_turn(Message::user("more"));
  EXPECT_EQ(again.outcome, TurnOutcome::kError);
  ASSERT_TRUE(again.error.has_value());
  EXPECT_EQ(again.error->code, ErrorCode::kContextOverflow);
  EXPECT_EQ(provider.requests.size(), 4u);
}

TEST_F(AgentTest, RefusesARequestThatCannotFitEvenAfterCompaction) {
  Agent agent = make();
  agent.set_context_window(1000, "test");
  auto r = agent.run_turn(Message::user(std::string(20000, 'x')));
  EXPECT_EQ(r.outcome, TurnOutcome::kError);
  ASSERT_TRUE(r.error.has_value());
  EXPECT_EQ(r.error->code, ErrorCode::kContextOverflow);
  EXPECT_NE(r.error->message.find("window is 1,000 tokens (test)"), std::string::npos) << r.error->message;
  EXPECT_TRUE(provider.requests.empty());  // nothing was sent
}

TEST_F(AgentTest, UsageEventsReportTheServersMeasurement) {
  agent_event::ContextUsage last;
  provider.scripts = {Script{{model_event::TextDelta{"hi"}, model_event::Usage{{1200, 30, 0}},
                              model_event::Finish{FinishReason::kStop, "stop"}},
                             std::nullopt}};
  Agent agent = make();
  agent.set_context_window(8000, "test");
  agent.run_turn(Message::user("go"));
  auto usage = events_of<agent_event::ContextUsage>();
  ASSERT_FALSE(usage.empty());
  EXPECT_TRUE(usage.back().measured);
  EXPECT_EQ(usage.back().used, 1230);
  EXPECT_EQ(usage.back().window, 8000);
  EXPECT_EQ(agent.context_used(), 1230);
}

/// An answer that stopped at a token limit, with the server's counts.
Script cut_off_answer(int64_t prompt_tokens, int64_t completion_tokens) {
  return {{model_event::TextDelta{"half an"},
           model_event::Usage{{.prompt_tokens = prompt_tokens, .completion_tokens = completion_tokens}},
           model_event::Finish{FinishReason::kLength, "length"}},
          std::nullopt};
}

TEST_F(AgentTest, AnAnswerCutOffByAFullWindowSaysSo) {
  provider.scripts = {cut_off_answer(3950, 146)};
  Agent agent = make();
  agent.set_context_window(4096, "test");
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  auto cut_offs = events_of<agent_event::AnswerCutOff>();
  ASSERT_EQ(cut_offs.size(), 1u);
  EXPECT_TRUE(cut_offs[0].window_full);
  EXPECT_EQ(cut_offs[0].used, 4096);
  EXPECT_EQ(cut_offs[0].window, 4096);
}

TEST_F(AgentTest, AnAnswerCutOffByItsOwnLimitIsNotBlamedOnTheWindow) {
  provider.scripts = {cut_off_answer(100, 50)};
  Agent agent = make();
  agent.set_context_window(4096, "test");
  agent.run_turn(Message::user("go"));
  auto cut_offs = events_of<agent_event::AnswerCutOff>();
  ASSERT_EQ(cut_offs.size(), 1u);
  EXPECT_FALSE(cut_offs[0].window_full);
}

TEST_F(AgentTest, AnAnswerTheProviderFilteredIsARefusalNotALimit) {
  provider.scripts = {
      {{model_event::TextDelta{"Fine."}, model_event::Finish{FinishReason::kStop, "stop"}}, std::nullopt},
      {{model_event::TextDelta{"I can"}, model_event::Finish{FinishReason::kContentFilter, "content_filter"}},
       std::nullopt}};
  Agent agent = make();
  agent.set_context_window(4096, "test");
  std::vector<size_t> rewinds;
  agent.set_rewind_observer([&](size_t dropped) { rewinds.push_back(dropped); });
  agent.run_turn(Message::user("first"));
  size_t before = agent.messages().size();
  auto r = agent.run_turn(Message::user("go"));
  EXPECT_EQ(r.outcome, TurnOutcome::kCompleted);
  EXPECT_EQ(r.final_text, "I can");
  // The refused exchange leaves the conversation (and the session, through the observer).
  EXPECT_EQ(agent.messages().size(), before);
  EXPECT_EQ(agent.messages().back().content, "Fine.");
  EXPECT_EQ(rewinds, (std::vector<size_t>{1}));
  auto cut_offs = events_of<agent_event::AnswerCutOff>();
  ASSERT_EQ(cut_offs.size(), 1u);
  EXPECT_TRUE(cut_offs[0].filtered);
  EXPECT_FALSE(cut_offs[0].window_full);
}

/// A turn whose answer the server measured, so that later messages are
/// counted one by one (with the server's tokenizer when it has one).
Script measured_answer(const std::string& text) {
  return {{model_event::TextDelta{text}, model_event::Usage{{1200, 30, 0}},
           model_event::Finish{FinishReason::kStop, "stop"}},
          std::nullopt};
}

TEST_F(AgentTest, ACancelledOrFailedTokenCountDoesNotTurnTheTokenizerOff) {
  provider.token_counts = {fail(ErrorCode::kCancelled, "cancelled"), fail(ErrorCode::kConnection, "connection refused"),
                           7};
  provider.scripts = {measured_answer("hi"), text_answer("again")};
  Agent agent = make();
  agent.set_context_window(8000, "test");
  agent.run_turn(Message::user("go"));
  agent.run_turn(Message::user("next"));
  agent.context_used();
  agent.context_used();
  // Cancelled, refused, then answered: each failure left the tokenizer on.
  EXPECT_GE(provider.token_count_calls, 3);
}

TEST_F(AgentTest, AServerWithoutATokenizerIsNotAskedAgain) {
  provider.token_counts = {fail(ErrorCode::kHttp, "HTTP 404 from /tokenize", 404)};
  provider.scripts = {measured_answer("hi"), text_answer("again")};
  Agent agent = make();
  agent.set_context_window(8000, "test");
  agent.run_turn(Message::user("go"));
  agent.run_turn(Message::user("next"));
  EXPECT_EQ(provider.token_count_calls, 1);
  agent.context_used();
  EXPECT_EQ(provider.token_count_calls, 1);
}

/// Returns one image beside its marker, like an MCP tool's screenshot.
class ImageTool : public Tool {
 public:
  const ToolSpec& spec() const override { return spec_; }
  Result<ToolEffect> inspect(const json&, const ToolContext&) const override {
    ToolEffect e;
    e.summary = "shot";
    return e;
  }
  ToolOutput run(const json&, const ToolContext&) override {
    return {"[image 1: image/png, about 3 bytes]", false, {{"image/png", "AAAA"}}};
  }

 private:
  ToolSpec spec_{"shot", "A screenshot.", R"({"type":"object","properties":{}})"};
};

TEST_F(AgentTest, ToolImagesFollowTheModelInUse) {
  tools.add(std::make_unique<ImageTool>());
  provider.scripts = {calls({{"c1", "shot", "{}"}}), text_answer("seen"), calls({{"c2", "shot", "{}"}}),
                      text_answer("not seen")};
  AgentOptions o;
  o.workspace = "/ws";
  o.tool_images = {.model_accepts_images = true, .max_bytes = 1024};
  Agent agent(o, provider, tools, permissions, approvals, [this](const AgentEvent& e) { events.push_back(e); });
  agent.run_turn(Message::user("look"));
  ASSERT_EQ(provider.requests.size(), 2u);
  const Message& sent = provider.requests[1].back();
  EXPECT_EQ(sent.role, Role::kTool);
  ASSERT_EQ(sent.images.size(), 1u);
  EXPECT_EQ(sent.images[0].data_base64, "AAAA");
  EXPECT_EQ(sent.content, "[image 1: image/png, about 3 bytes]");

  agent.set_tool_images({.model_accepts_images = false});  // switched to a model that takes no images
  agent.run_turn(Message::user("again"));
  ASSERT_EQ(provider.requests.size(), 4u);
  const Message& described = provider.requests[3].back();
  EXPECT_TRUE(described.images.empty());
  EXPECT_NE(described.content.find("[image 1 not shown: the model in use takes no images"), std::string::npos)
      << described.content;
  // What the user sees is what the model got.
  auto finished = events_of<agent_event::ToolFinished>();
  ASSERT_EQ(finished.size(), 2u);
  EXPECT_EQ(finished[1].output, described.content);
  // The earlier result's image is described to this model too; the conversation keeps it.
  EXPECT_TRUE(provider.requests[3][3].images.empty());
  EXPECT_NE(provider.requests[3][3].content.find("[image 1 not shown"), std::string::npos);
  EXPECT_EQ(agent.messages()[3].images.size(), 1u);
}

/// Chat templates such as Qwen3.5's refuse a system message anywhere but first.
void expect_one_system_message_first(const std::vector<Message>& request, const std::string& which) {
  ASSERT_FALSE(request.empty()) << which;
  EXPECT_EQ(request[0].role, Role::kSystem) << which;
  for (size_t i = 1; i < request.size(); ++i) EXPECT_NE(request[i].role, Role::kSystem) << which << ", message " << i;
}

TEST_F(AgentTest, EveryRequestHoldsOneSystemMessageFirstThroughResumeCompactionAndNudges) {
  Agent agent = make();
  // A resumed session whose history holds system messages (an older prompt, one in the middle).
  std::vector<Message> saved = long_history(10);
  saved.insert(saved.begin(), Message::system("an older system prompt"));
  saved.insert(saved.begin() + 4, Message::system("a stray system message"));
  agent.load_conversation(saved);
  agent.set_context_window(agent.context_used() * 5 / 4 - 10, "test");  // the next request compacts
  // A call left in the reasoning (nudged), a repeated call (the loop guard answers), then /compact.
  provider.scripts = {reasoning_answer(kCallInReasoning)};
  for (int i = 0; i < 3; ++i) provider.scripts.push_back(calls({{"", "echo", R"({"text":"a"})"}}));
  provider.scripts.push_back(text_answer("done"));
  EXPECT_EQ(agent.run_turn(Message::user("next")).outcome, TurnOutcome::kCompleted);
  ASSERT_GE(events_of<agent_event::Compacted>().size(), 1u);
  ASSERT_TRUE(agent.compact("", /*automatic=*/false).has_value());
  provider.scripts = {text_answer("after /compact")};
  EXPECT_EQ(agent.run_turn(Message::user("more")).outcome, TurnOutcome::kCompleted);

  ASSERT_EQ(provider.requests.size(), 6u);
  for (size_t i = 0; i < provider.requests.size(); ++i)
    expect_one_system_message_first(provider.requests[i], "request " + std::to_string(i));
  ASSERT_GE(provider.summary_requests.size(), 2u);
  for (size_t i = 0; i < provider.summary_requests.size(); ++i)
    expect_one_system_message_first(provider.summary_requests[i], "summary request " + std::to_string(i));
  expect_one_system_message_first(agent.messages(), "the conversation");
}

}  // namespace
}  // namespace pair
