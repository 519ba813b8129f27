#include "core/compactor.h"

#include <gtest/gtest.h>

#include <deque>

namespace pair {
namespace {

/// Answers each request with the next scripted text and records the requests.
class SummaryProvider : public ModelProvider {
 public:
  std::deque<std::string> answers;
  struct Seen {
    std::vector<Message> messages;
    size_t tools;
    std::optional<int> max_tokens;
  };
  std::vector<Seen> requests;
  Result<void> stream(const ChatRequest& r, const ModelEventHandler& on_event, std::stop_token) override {
    requests.push_back({{r.messages.begin(), r.messages.end()}, r.tools.size(), r.options.max_tokens});
    std::string text = answers.empty() ? "" : answers.front();
    if (!answers.empty()) answers.pop_front();
    on_event(model_event::TextDelta{text});
    on_event(model_event::Finish{});
    return {};
  }
  std::string describe() const override { return "summary"; }
};

Message assistant_call(const std::string& id, const std::string& name, const std::string& args) {
  Message m;
  m.role = Role::kAssistant;
  m.tool_calls = {{id, name, args}};
  return m;
}

Message assistant_text(const std::string& text) {
  Message m;
  m.role = Role::kAssistant;
  m.content = text;
  return m;
}

/// system, first request, then `turns` turns of (user, call, big result, answer).
std::vector<Message> conversation(int turns, size_t result_size) {
  std::vector<Message> m{Message::system("SYSTEM"), Message::user("<context>ctx</context>\n\nfirst request")};
  m.push_back(assistant_text("first answer"));
  for (int t = 0; t < turns; ++t) {
    std::string id = "c" + std::to_string(t);
    m.push_back(Message::user("request " + std::to_string(t)));
    m.push_back(assistant_call(id, "read_file", "{\"path\":\"f" + std::to_string(t) + "\"}"));
    m.push_back(Message::tool_result(m.back().tool_calls[0], std::string(result_size, 'r'), false));
    m.push_back(assistant_text("answer " + std::to_string(t)));
  }
  return m;
}

int64_t size_tokens(const Message& m) {
  int64_t n = static_cast<int64_t>(m.content.size() / 4) + 8;
  for (const auto& c : m.tool_calls) n += static_cast<int64_t>(c.arguments.size() / 4);
  return n;
}

std::vector<ToolSpec> kTools{{"read_file", "Read.", "{}"}};

CompactionOptions options(int64_t window, int64_t target, int64_t keep, int64_t summary) {
  CompactionOptions o;
  o.window = window;
  o.target = target;
  o.keep_budget = keep;
  o.summary_max_tokens = summary;
  return o;
}

TEST(Compactor, TrimsOldLargeToolOutputsFirstAndKeepsTheRecentOnes) {
  auto m = conversation(6, 5000);
  CompactionOptions o;
  o.protect_recent_tool_results = 2;
  auto r = trim_tool_outputs(m, o);
  EXPECT_EQ(r.trimmed_outputs, 4u);
  size_t trimmed = 0;
  for (const auto& msg : r.messages)
    if (msg.role == Role::kTool && msg.content.starts_with("[output of read_file {\"path\":\"f")) ++trimmed;
  EXPECT_EQ(trimmed, 4u);
  EXPECT_EQ(r.messages[r.messages.size() - 2].content.size(), 5000u);  // the newest result is intact
  EXPECT_EQ(r.messages.size(), m.size());
}

TEST(Compactor, TrimsTheImagesOfOlderToolResults) {
  auto m = conversation(3, 100);
  std::vector<size_t> results;
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i].role == Role::kTool) {
      m[i].images = {{"image/png", "AAAA"}};
      results.push_back(i);
    }
  m[results[1]].images.push_back({"image/gif", "R0lG"});
  ASSERT_EQ(results.size(), 3u);
  CompactionOptions o;
  o.protect_recent_tool_results = 1;
  auto r = trim_tool_outputs(m, o);
  EXPECT_EQ(r.trimmed_outputs, 2u);
  const Message& old = r.messages[results[0]];
  EXPECT_TRUE(old.images.empty());
  EXPECT_EQ(old.content,
            m[results[0]].content + "\n[its image removed to save context; run the call again if it is needed]");
  EXPECT_TRUE(
      r.messages[results[1]].content.ends_with("\n[its 2 images removed to save context; run the call "
                                               "again if they are needed]"))
      << r.messages[results[1]].content;
  EXPECT_EQ(r.messages[results[2]].images.size(), 1u);  // the newest result keeps its image
  EXPECT_EQ(r.messages[results[2]].content, m[results[2]].content);
}

TEST(Compactor, TailStartsAtTheEarliestTurnThatFits) {
  auto m = conversation(4, 400);  // each turn ~ 4 messages, ~130 tokens
  size_t t = choose_tail_start(m, size_tokens, 300);
  ASSERT_GT(t, 2u);
  EXPECT_EQ(m[t].role, Role::kUser);
  int64_t tail = 0;
  for (size_t i = t; i < m.size(); ++i) tail += size_tokens(m[i]);
  EXPECT_LE(tail, 300);
  EXPECT_EQ(choose_tail_start(conversation(0, 10), size_tokens, 300), 0u);  // one turn only
}

TEST(Compactor, SummaryFromTheCachedConversationWhenItFits) {
  SummaryProvider p;
  p.answers = {"the user wants X; files f0..f3 read"};
  auto m = conversation(8, 400);
  CompactionOptions o = options(4000, 500, 300, 256);
  Compactor c(p, kTools, size_tokens, {});
  auto r = c.compact(m, o, {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_EQ(p.requests.size(), 1u);
  // The summary request is the conversation itself plus one instruction, tools included: a cache hit.
  const auto& req = p.requests[0];
  ASSERT_EQ(req.messages.size(), m.size() + 1);
  for (size_t i = 0; i < m.size(); ++i) EXPECT_EQ(req.messages[i].content, m[i].content);
  EXPECT_NE(req.messages.back().content.find("summary"), std::string::npos);
  EXPECT_EQ(req.tools, 1u);
  EXPECT_EQ(req.max_tokens, 256);
  // [system, first request (pinned), summary, latest turns verbatim]
  ASSERT_TRUE(r->summarized);
  EXPECT_EQ(r->messages[0].content, "SYSTEM");
  EXPECT_EQ(r->messages[1].content, m[1].content);
  EXPECT_EQ(r->messages[2].role, Role::kAssistant);
  EXPECT_NE(r->messages[2].content.find("the user wants X"), std::string::npos);
  EXPECT_EQ(r->messages[3].role, Role::kUser);
  EXPECT_EQ(r->messages.back().content, m.back().content);
  EXPECT_EQ(r->summarized_messages, m.size() - 2 - (r->messages.size() - 3));
}

TEST(Compactor, TheCachedSummaryRequestLeavesOutImagesAsTheAgentDoes) {
  SummaryProvider p;
  p.answers = {"summary"};
  auto m = conversation(8, 400);
  m[m.size() - 2].images = {{"image/png", "AAAA"}};  // the newest result, never trimmed
  CompactionOptions o = options(4000, 500, 300, 256);
  o.images = {.model_accepts_images = false};
  Compactor c(p, kTools, size_tokens, {});
  ASSERT_TRUE(c.compact(m, o, {}).has_value());
  ASSERT_EQ(p.requests.size(), 1u);
  const Message& sent = p.requests[0].messages[m.size() - 2];
  EXPECT_TRUE(sent.images.empty());
  auto expected = without_images(m, o.images);
  ASSERT_TRUE(expected.has_value());
  EXPECT_EQ(sent.content, (*expected)[m.size() - 2].content) << "the request the agent sent, byte for byte";
}

TEST(Compactor, ChunksTheSummaryWhenTheConversationDoesNotFit) {
  SummaryProvider p;
  p.answers = {"part one", "parts one and two", "all parts", "all parts!", "all parts!!", "all parts!!!"};
  auto m = conversation(12, 1600);  // ~5k tokens
  CompactionOptions o = options(1200, 600, 400, 128);
  o.protect_recent_tool_results = 20;  // force the summary path
  Compactor c(p, kTools, size_tokens, {});
  auto r = c.compact(m, o, {});
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_GE(p.requests.size(), 2u);
  for (const auto& req : p.requests) {
    EXPECT_EQ(req.tools, 0u);
    ASSERT_EQ(req.messages.size(), 2u);
    EXPECT_EQ(req.messages[0].role, Role::kSystem);
    int64_t t = size_tokens(req.messages[0]) + size_tokens(req.messages[1]);
    EXPECT_LE(t + 128, o.window) << "every summary request must fit the window";
  }
  EXPECT_NE(p.requests[1].messages[1].content.find("Summary so far:\npart one"), std::string::npos);
  EXPECT_NE(r->messages[2].content.find(p.requests.size() >= 3 ? "all parts" : "parts one and two"), std::string::npos);
}

TEST(Compactor, ASingleLongTurnKeepsItsRequestWithTheProgressAppended) {
  SummaryProvider p;
  p.answers = {"read f0..f9, fixing g()"};
  std::vector<Message> m{Message::system("SYSTEM"), Message::user("fix everything")};
  for (int i = 0; i < 10; ++i) {
    m.push_back(assistant_call("c" + std::to_string(i), "read_file", "{}"));
    m.push_back(Message::tool_result(m.back().tool_calls[0], std::string(800, 'r'), false));
  }
  CompactionOptions o = options(6000, 1000, 500, 128);
  o.protect_recent_tool_results = 20;
  Compactor c(p, kTools, size_tokens, {});
  auto r = c.compact(m, o, {});
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->summarized);
  EXPECT_TRUE(r->messages[1].content.starts_with("fix everything\n\n<progress>"));
  EXPECT_NE(r->messages[1].content.find("fixing g()"), std::string::npos);
  EXPECT_EQ(r->messages[2].role, Role::kAssistant);  // an exchange kept whole
  EXPECT_EQ(r->messages[3].role, Role::kTool);
  EXPECT_EQ(r->messages[3].tool_call_id, r->messages[2].tool_calls[0].id);
}

TEST(Compactor, TrimmingAloneWhenItIsEnough) {
  SummaryProvider p;
  auto m = conversation(6, 8000);
  CompactionOptions o = options(20000, 9000, 3000, 128);
  o.protect_recent_tool_results = 1;
  Compactor c(p, kTools, size_tokens, {});
  auto r = c.compact(m, o, {});
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->summarized);
  EXPECT_EQ(r->trimmed_outputs, 5u);
  EXPECT_TRUE(p.requests.empty());
}

}  // namespace
}  // namespace pair

namespace pair {
namespace {

TEST(Compactor, LastResortShrinksEvenTheNewestOutput) {
  SummaryProvider p;
  std::vector<Message> m{Message::system("SYSTEM"), Message::user("read the log")};
  m.push_back(assistant_call("c0", "bash", "{\"command\":\"cat log\"}"));
  m.push_back(Message::tool_result(m.back().tool_calls[0], "HEAD" + std::string(40000, 'x') + "TAIL", false));
  CompactionOptions o = options(4000, 2000, 1200, 128);
  Compactor c(p, kTools, size_tokens, {});
  auto r = c.compact(m, o, {});
  ASSERT_TRUE(r.has_value());
  const std::string& out = r->messages[3].content;
  EXPECT_LT(out.size(), 3000u);
  EXPECT_TRUE(out.starts_with("HEAD"));
  EXPECT_TRUE(out.ends_with("TAIL"));
  EXPECT_NE(out.find("cut to fit the context window"), std::string::npos);
}

}  // namespace
}  // namespace pair
