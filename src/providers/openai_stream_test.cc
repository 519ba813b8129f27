#include "providers/openai_stream.h"

#include <gtest/gtest.h>

#include "http/sse_parser.h"

namespace pair {
namespace {

struct Collected {
  std::string text, reasoning;
  std::vector<ToolCall> calls;
  std::vector<std::string> begun;
  std::optional<FinishReason> finish;
  TokenUsage usage;
  ServerTimings timings;
  int progress_events = 0;
};

/// Feeds a raw SSE stream cut at the given offsets through the parser and the
/// decoder, as the provider does.
Result<Collected> decode(std::string_view stream, const std::vector<size_t>& cuts = {}) {
  Collected c;
  OpenAIStreamDecoder decoder(
      [&](const ModelEvent& ev) {
        std::visit(
            [&](const auto& e) {
              using T = std::decay_t<decltype(e)>;
              if constexpr (std::is_same_v<T, model_event::TextDelta>) c.text += e.text;
              if constexpr (std::is_same_v<T, model_event::ReasoningDelta>) c.reasoning += e.text;
              if constexpr (std::is_same_v<T, model_event::ToolCallBegin>) c.begun.push_back(e.name);
              if constexpr (std::is_same_v<T, model_event::ToolCallDone>) c.calls.push_back(e.call);
              if constexpr (std::is_same_v<T, model_event::Finish>) c.finish = e.reason;
              if constexpr (std::is_same_v<T, model_event::Usage>) c.usage = e.usage;
              if constexpr (std::is_same_v<T, model_event::Timings>) c.timings = e.timings;
              if constexpr (std::is_same_v<T, model_event::Progress>) ++c.progress_events;
            },
            ev);
      },
      "http://test/v1");
  std::optional<Error> err;
  SseParser parser([&](const SseEvent& e) {
    if (err || decoder.saw_done()) return;
    if (auto r = decoder.on_data(e.data); !r) err = r.error();
  });
  size_t pos = 0;
  std::vector<size_t> all = cuts;
  all.push_back(stream.size());
  for (size_t cut : all) {
    if (auto r = parser.feed(stream.substr(pos, cut - pos)); !r) return std::unexpected(r.error());
    pos = cut;
  }
  parser.finish();
  if (err) return std::unexpected(*err);
  if (auto r = decoder.finish(); !r) return std::unexpected(r.error());
  return c;
}

const char* kToolStream =
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,"
    "\"reasoning_content\":\"think \\u00e9\"}}]}\n\n"
    ": keep-alive\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Let me look.\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
    "\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}}]}\n\n"
    "data: "
    "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"path\\\":\"}"
    "}]}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_2\",\"type\":\"function\","
    "\"function\":{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\" "
    "\\\"a.txt\\\"}\"}}]}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":30,"
    "\"prompt_tokens_details\":{\"cached_tokens\":100}},"
    "\"timings\":{\"prompt_n\":20,\"cache_n\":100,\"predicted_n\":30,\"prompt_ms\":12.5,\"predicted_per_second\":55.5,"
    "\"draft_n\":24,\"draft_n_accepted\":18}}"
    "\n\n"
    "data: [DONE]\n\n";

TEST(OpenAIStream, TextReasoningToolCallsUsageTimings) {
  auto c = decode(kToolStream);
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->text, "Let me look.");
  EXPECT_EQ(c->reasoning, "think \xC3\xA9");
  ASSERT_EQ(c->calls.size(), 2u);
  EXPECT_EQ(c->calls[0].id, "call_1");
  EXPECT_EQ(c->calls[0].name, "read_file");
  EXPECT_EQ(c->calls[0].arguments, "{\"path\": \"a.txt\"}");
  EXPECT_EQ(c->calls[1].name, "bash");
  EXPECT_EQ(c->begun, (std::vector<std::string>{"read_file", "bash"}));
  EXPECT_EQ(c->finish, FinishReason::kToolCalls);
  EXPECT_EQ(c->usage.prompt_tokens, 120);
  EXPECT_EQ(c->usage.cached_tokens, 100);
  EXPECT_EQ(c->timings.prompt_n, 20);
  EXPECT_EQ(c->timings.cache_n, 100);
  EXPECT_DOUBLE_EQ(c->timings.predicted_per_second, 55.5);
  EXPECT_EQ(c->timings.draft_n, 24);
  EXPECT_EQ(c->timings.draft_accepted, 18);
}

TEST(OpenAIStream, SameResultWhereverTheStreamIsCut) {
  auto whole = decode(kToolStream);
  ASSERT_TRUE(whole.has_value());
  std::string s = kToolStream;
  for (size_t i = 1; i < s.size(); ++i) {
    auto c = decode(s, {i});
    ASSERT_TRUE(c.has_value()) << "cut at " << i;
    EXPECT_EQ(c->text, whole->text) << i;
    EXPECT_EQ(c->reasoning, whole->reasoning) << i;
    ASSERT_EQ(c->calls.size(), 2u) << i;
    EXPECT_EQ(c->calls[0].arguments, whole->calls[0].arguments) << i;
  }
}

TEST(OpenAIStream, CrlfStream) {
  std::string s;
  for (char ch : std::string(kToolStream)) {
    if (ch == '\n')
      s += "\r\n";
    else
      s += ch;
  }
  auto c = decode(s, {7, 300, 301});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->calls.size(), 2u);
  EXPECT_EQ(c->text, "Let me look.");
}

TEST(OpenAIStream, FinishStopWithToolCallsStillDeliversCalls) {
  auto c = decode(
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"x\",\"function\":"
      "{\"name\":\"list_files\",\"arguments\":\"{}\"}}]},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n");
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->calls.size(), 1u);
  EXPECT_EQ(c->finish, FinishReason::kStop);
}

TEST(OpenAIStream, OllamaStyleWholeCallsAndArgumentsAsObject) {
  auto c = decode(
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"a\",\"function\":"
      "{\"name\":\"read_file\",\"arguments\":{\"path\":\"x\"}}},{\"id\":\"b\",\"function\":"
      "{\"name\":\"bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]},\"finish_reason\":\"tool_calls\"}]}\n\n"
      "data: [DONE]\n\n");
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->calls.size(), 2u);
  EXPECT_EQ(c->calls[0].arguments, "{\"path\":\"x\"}");
  EXPECT_EQ(c->calls[1].name, "bash");
}

TEST(OpenAIStream, VllmReasoningFieldAndProgress) {
  auto c = decode(
      "data: {\"choices\":[],\"prompt_progress\":{\"total\":100,\"cache\":0,\"processed\":50,\"time_ms\":3}}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning\":\"hmm\"}}]}\n\n"
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}\n\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->reasoning, "hmm");
  EXPECT_EQ(c->progress_events, 1);
}

TEST(OpenAIStream, ErrorObjectInStream) {
  auto c = decode(
      "data: {\"error\":{\"code\":400,\"message\":\"the request exceeds the available context size, try increasing "
      "it\",\"type\":\"exceed_context_size_error\"}}\n\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kContextOverflow);
  EXPECT_NE(c.error().message.find("exceeds the available context size"), std::string::npos);
}

TEST(OpenAIStream, StreamCutBeforeTheEndIsAnError) {
  auto c = decode("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}\n\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kDisconnected);
}

TEST(OpenAIStream, NonJsonPayloadIsAProtocolError) {
  auto c = decode("data: <html>oops</html>\n\n");
  ASSERT_FALSE(c.has_value());
  EXPECT_EQ(c.error().code, ErrorCode::kProtocol);
}

TEST(OpenAIStream, LengthFinish) {
  auto c = decode(
      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"a\"},\"finish_reason\":\"length\"}]}\n\n"
      "data: [DONE]\n\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->finish, FinishReason::kLength);
}

TEST(OpenAIStream, OutOfRangeNumbersAreNotConverted) {
  // A float where a count belongs, too large for any integer: read as unknown (0), not overflowed.
  auto c = decode(
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5e67,\"completion_tokens\":12.0}}\n\n"
      "data: [DONE]\n\n");
  ASSERT_TRUE(c.has_value()) << c.error().message;
  EXPECT_EQ(c->usage.prompt_tokens, 0);
  EXPECT_EQ(c->usage.completion_tokens, 12);
}

}  // namespace
}  // namespace pair
