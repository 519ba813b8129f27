#include "providers/bedrock_converse_stream.h"

#include <gtest/gtest.h>

#include "providers/bedrock_errors.h"

namespace pair {
namespace {

struct Collected {
  std::string text, reasoning;
  std::vector<ToolCall> calls;
  std::vector<std::pair<int, std::string>> begun;
  std::optional<FinishReason> finish;
  std::string raw_finish;
  TokenUsage usage;
  ServerTimings timings;
};

EventHeader str(std::string name, std::string value) {
  return {std::move(name), EventHeaderType::kString, 0, std::move(value)};
}

std::string ev(std::string type, std::string payload) {
  return encode_event_stream_message(
      {{str(":event-type", std::move(type)), str(":content-type", "application/json"), str(":message-type", "event")},
       std::move(payload)});
}

std::string exception(std::string type, std::string payload) {
  return encode_event_stream_message({{str(":exception-type", std::move(type)),
                                       str(":content-type", "application/json"), str(":message-type", "exception")},
                                      std::move(payload)});
}

Result<Collected> decode(std::string_view stream, size_t piece = 0, bool* content = nullptr) {
  Collected c;
  ConverseStreamDecoder d(
      [&](const ModelEvent& event) {
        std::visit(
            [&](const auto& e) {
              using T = std::decay_t<decltype(e)>;
              if constexpr (std::is_same_v<T, model_event::TextDelta>) c.text += e.text;
              if constexpr (std::is_same_v<T, model_event::ReasoningDelta>) c.reasoning += e.text;
              if constexpr (std::is_same_v<T, model_event::ToolCallBegin>) c.begun.emplace_back(e.index, e.name);
              if constexpr (std::is_same_v<T, model_event::ToolCallDone>) c.calls.push_back(e.call);
              if constexpr (std::is_same_v<T, model_event::Finish>) {
                c.finish = e.reason;
                c.raw_finish = e.raw;
              }
              if constexpr (std::is_same_v<T, model_event::Usage>) c.usage = e.usage;
              if constexpr (std::is_same_v<T, model_event::Timings>) c.timings = e.timings;
            },
            event);
      },
      "Bedrock at https://test (model m)");
  if (piece == 0) piece = stream.size() + 1;
  for (size_t at = 0; at < stream.size(); at += piece) {
    if (auto r = d.feed(stream.substr(at, piece)); !r) {
      if (content) *content = d.received_content();
      return std::unexpected(r.error());
    }
  }
  if (content) *content = d.received_content();
  if (auto r = d.finish(); !r) return std::unexpected(r.error());
  return c;
}

std::string tool_stream() {
  return ev("messageStart", R"({"role":"assistant","p":"abcdefgh"})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"Let me "}}})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"text":"look."}}})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":0,"delta":{"reasoningContent":{"signature":"c2ln"}}})") +
         ev("contentBlockStop", R"({"contentBlockIndex":0})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"text":"I will "}})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":1,"delta":{"text":"read it."}})") +
         ev("contentBlockStop", R"({"contentBlockIndex":1})") +
         ev("contentBlockStart",
            R"({"contentBlockIndex":2,"start":{"toolUse":{"toolUseId":"tooluse_1","name":"read_file"}}})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"toolUse":{"input":"{\"pa"}}})") +
         ev("contentBlockDelta", R"({"contentBlockIndex":2,"delta":{"toolUse":{"input":"th\": \"a.txt\"}"}}})") +
         ev("contentBlockStop", R"({"contentBlockIndex":2})") +
         ev("contentBlockStart",
            R"({"contentBlockIndex":3,"start":{"toolUse":{"toolUseId":"tooluse_2","name":"list_files"}}})") +
         ev("contentBlockStop", R"({"contentBlockIndex":3})") + ev("messageStop", R"({"stopReason":"tool_use"})") +
         ev("metadata", R"({"usage":{"inputTokens":100,"outputTokens":20,"totalTokens":1120,)"
                        R"("cacheReadInputTokens":1000,"cacheWriteInputTokens":0},"metrics":{"latencyMs":812}})");
}

TEST(ConverseStream, TextReasoningToolUseUsage) {
  std::string stream = tool_stream();
  for (size_t piece : {0, 1, 3, 7, 64}) {
    auto c = decode(stream, piece);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->text, "I will read it.");
    EXPECT_EQ(c->reasoning, "Let me look.");
    ASSERT_EQ(c->calls.size(), 2u);
    EXPECT_EQ(c->calls[0].id, "tooluse_1");
    EXPECT_EQ(c->calls[0].name, "read_file");
    EXPECT_EQ(c->calls[0].arguments, R"({"path": "a.txt"})");
    EXPECT_EQ(c->calls[1].arguments, "{}") << "a tool without input deltas";
    EXPECT_EQ(c->begun, (std::vector<std::pair<int, std::string>>{{0, "read_file"}, {1, "list_files"}}));
    EXPECT_EQ(c->finish, FinishReason::kToolCalls);
    EXPECT_EQ(c->raw_finish, "tool_use");
    EXPECT_EQ(c->usage.prompt_tokens, 1100);
    EXPECT_EQ(c->usage.completion_tokens, 20);
    EXPECT_EQ(c->usage.cached_tokens, 1000);
    EXPECT_EQ(c->timings.cache_n, 1000);
    EXPECT_EQ(c->timings.predicted_n, 20);
    EXPECT_EQ(c->timings.total_ms, 812);
  }
}

TEST(ConverseStream, StopReasons) {
  EXPECT_EQ(converse_finish_reason("end_turn"), FinishReason::kStop);
  EXPECT_EQ(converse_finish_reason("stop_sequence"), FinishReason::kStop);
  EXPECT_EQ(converse_finish_reason("tool_use"), FinishReason::kToolCalls);
  EXPECT_EQ(converse_finish_reason("max_tokens"), FinishReason::kLength);
  EXPECT_EQ(converse_finish_reason("model_context_window_exceeded"), FinishReason::kLength);
  EXPECT_EQ(converse_finish_reason("guardrail_intervened"), FinishReason::kContentFilter);
  EXPECT_EQ(converse_finish_reason("content_filtered"), FinishReason::kContentFilter);
  EXPECT_EQ(converse_finish_reason("something_new"), FinishReason::kOther);
  auto c = decode(ev("contentBlockDelta", R"({"delta":{"text":"cut"}})") +
                  ev("messageStop", R"({"stopReason":"max_tokens"})"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->finish, FinishReason::kLength);
}

TEST(ConverseStream, CutOffStreamsAreDisconnections) {
  std::string stream = tool_stream();
  size_t stop_at = stream.find("messageStop");
  ASSERT_NE(stop_at, std::string::npos);
  // Ends before messageStop (between frames), and in the middle of a frame.
  auto a = decode(ev("contentBlockDelta", R"({"delta":{"text":"partial"}})"));
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().code, ErrorCode::kDisconnected);
  auto b = decode(std::string_view(stream).substr(0, stop_at));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::kDisconnected);
  EXPECT_NE(b.error().message.find("middle of an event"), std::string::npos);
  // messageStop arrived but metadata was cut: the answer stands.
  std::string full = ev("messageStart", "{}") + ev("messageStop", R"({"stopReason":"end_turn"})");
  auto c = decode(full + ev("metadata", "{}").substr(0, 10));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->finish, FinishReason::kStop);
}

TEST(ConverseStream, ExceptionsQuoteAwsAndClassify) {
  struct Case {
    const char* type;
    ErrorCode code;
    int status;
    bool retryable;
  } cases[] = {
      {"throttlingException", ErrorCode::kHttp, 429, true},
      {"serviceUnavailableException", ErrorCode::kHttp, 503, true},
      {"modelNotReadyException", ErrorCode::kHttp, 429, true},
      {"internalServerException", ErrorCode::kHttp, 500, false},
      {"validationException", ErrorCode::kHttp, 400, false},
      {"accessDeniedException", ErrorCode::kAuth, 403, false},
      {"modelStreamErrorException", ErrorCode::kHttp, 424, false},
      {"modelTimeoutException", ErrorCode::kHttp, 408, false},
  };
  for (const auto& k : cases) {
    bool content = true;
    auto r = decode(ev("messageStart", "{}") + exception(k.type, R"({"message":"AWS says no."})"), 0, &content);
    ASSERT_FALSE(r) << k.type;
    EXPECT_EQ(r.error().code, k.code) << k.type;
    EXPECT_EQ(r.error().http_status, k.status) << k.type;
    EXPECT_EQ(is_retryable(r.error()), k.retryable) << k.type;
    EXPECT_NE(r.error().message.find("AWS says no."), std::string::npos) << r.error().message;
    EXPECT_NE(r.error().message.find(bedrock_error_type(k.type)), std::string::npos) << r.error().message;
    EXPECT_FALSE(content) << "nothing arrived: the agent may retry";
  }
  auto overflow = decode(exception("validationException", R"({"message":"Input is too long for requested model."})"));
  ASSERT_FALSE(overflow);
  EXPECT_EQ(overflow.error().code, ErrorCode::kContextOverflow);
  // An exception after text: content arrived, so the agent will not retry.
  bool content = false;
  auto late = decode(ev("contentBlockDelta", R"({"delta":{"text":"Hel"}})") +
                         exception("throttlingException", R"({"message":"slow down"})"),
                     0, &content);
  ASSERT_FALSE(late);
  EXPECT_TRUE(content);
  // The generic error frame.
  auto err = decode(encode_event_stream_message(
      {{str(":message-type", "error"), str(":error-code", "InternalFailure"), str(":error-message", "boom")}, ""}));
  ASSERT_FALSE(err);
  EXPECT_NE(err.error().message.find("boom"), std::string::npos);
}

TEST(ConverseStream, NotAnEventStream) {
  auto r = decode(R"({"message":"The security token included in the request is invalid."})");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  EXPECT_NE(r.error().message.find("did not answer with an event stream"), std::string::npos) << r.error().message;
  auto bad_json = decode(ev("contentBlockDelta", "not json"));
  ASSERT_FALSE(bad_json);
  EXPECT_EQ(bad_json.error().code, ErrorCode::kProtocol);
}

TEST(ConverseStream, UnknownEventsAndOddShapesAreTolerated) {
  auto c = decode(ev("somethingNew", R"({"x":1})") + ev("contentBlockDelta", R"({"delta":"text"})") +
                  ev("contentBlockDelta", R"({"delta":{"text":5}})") +
                  ev("contentBlockDelta", R"({"contentBlockIndex":4,"delta":{"toolUse":{"input":"{}"}}})") +
                  ev("metadata", R"({"usage":"none"})") + ev("messageStop", R"({"stopReason":"end_turn"})"));
  ASSERT_TRUE(c) << c.error().message;
  ASSERT_EQ(c->calls.size(), 1u) << "input without a start is kept; the agent reports the missing name";
  EXPECT_EQ(c->calls[0].name, "");
}

TEST(BedrockErrors, HttpErrorsAndTypes) {
  EXPECT_EQ(bedrock_error_type("ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
            "ValidationException");
  EXPECT_EQ(bedrock_error_type("throttlingException"), "ThrottlingException");
  EXPECT_EQ(bedrock_error_type("com.amazon.coral.service#UnrecognizedClientException"), "UnrecognizedClientException");
  Error e = bedrock_http_error(400, "ValidationException:http://internal.amazon.com/coral/",
                               R"({"message":"The provided model identifier is invalid."})", "Bedrock (m)");
  EXPECT_EQ(e.code, ErrorCode::kHttp);
  EXPECT_EQ(e.http_status, 400);
  EXPECT_NE(e.message.find("ValidationException (HTTP 400): The provided model identifier is invalid."),
            std::string::npos)
      << e.message;
  EXPECT_NE(e.message.find("modelId"), std::string::npos);
  Error t = bedrock_http_error(429, "ThrottlingException", R"({"message":"Too many requests"})", "B");
  EXPECT_TRUE(is_retryable(t));
  Error o =
      bedrock_http_error(400, "", R"({"__type":"ValidationException","Message":"prompt is too long: 300000"})", "B");
  EXPECT_EQ(o.code, ErrorCode::kContextOverflow);
  Error text = bedrock_http_error(502, "", "<html>Bad Gateway</html>", "B");
  EXPECT_NE(text.message.find("Bad Gateway"), std::string::npos);
  EXPECT_TRUE(is_credential_rejection("UnrecognizedClientException:http://internal"));
  EXPECT_TRUE(is_credential_rejection("ExpiredTokenException"));
  EXPECT_FALSE(is_credential_rejection("AccessDeniedException"));
}

}  // namespace
}  // namespace pair
