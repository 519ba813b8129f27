#include "providers/provider_error.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "http/canned_http_server.h"
#include "providers/bedrock_errors.h"
#include "providers/openai_provider.h"
#include "providers/server_error.h"

namespace pair {
namespace {

constexpr const char* kUrl = "http://localhost:8004/v1";

TEST(ProviderError, AnHtmlPageIsAnotherKindOfServer) {
  std::string page =
      "<!DOCTYPE HTML>\n<html><head><title>Error response</title></head><body><h1>Error response</h1><p>Error code: "
      "501</p><p>Message: Unsupported method ('POST').</p>" +
      std::string(5000, ' ') + "</body></html>";
  Error e = server_error(501, page, kUrl);
  EXPECT_EQ(e.code, ErrorCode::kWrongServer);
  EXPECT_EQ(e.http_status, 501);
  EXPECT_NE(e.message.find("\"Error response\""), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("<h1>"), std::string::npos) << "the page is named, not printed: " << e.message;
  EXPECT_EQ(e.message.find("should end in /v1"), std::string::npos) << e.message;
  EXPECT_LT(e.message.size(), 400u);
}

TEST(ProviderError, RefusedCredentials) {
  Error e = server_error(401, R"({"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}})",
                         "https://api.openai.com/v1");
  EXPECT_EQ(e.code, ErrorCode::kAuth);
  EXPECT_EQ(e.http_status, 401);
  EXPECT_NE(e.message.find("Incorrect API key provided"), std::string::npos);
  EXPECT_NE(e.message.find("api_key_env"), std::string::npos);
  EXPECT_EQ(server_error(403, "forbidden", kUrl).code, ErrorCode::kAuth);
  EXPECT_EQ(bedrock_http_error(403, "UnrecognizedClientException", R"({"message":"bad token"})", "B").code,
            ErrorCode::kAuth);
}

TEST(ProviderError, ModelNotFound) {
  Error e = server_error(
      404,
      R"({"error":{"message":"The model `gpt-9` does not exist","type":"invalid_request_error","code":"model_not_found"}})",
      "https://api.openai.com/v1");
  EXPECT_EQ(e.code, ErrorCode::kNotFound);
  EXPECT_NE(e.message.find("modelId"), std::string::npos) << e.message;
  Error ollama = server_error(404, R"({"error":"model \"qwen\" not found, try pulling it first"})", kUrl);
  EXPECT_EQ(ollama.code, ErrorCode::kNotFound);
  // A path the server lacks: the url ends in /v1 already, so that is not the advice.
  Error path = server_error(404, "404 page not found", kUrl);
  EXPECT_EQ(path.code, ErrorCode::kNotFound);
  EXPECT_EQ(path.message.find("should end in /v1"), std::string::npos) << path.message;
  EXPECT_NE(server_error(404, "Not Found", "http://localhost:8004").message.find("/v1"), std::string::npos);
}

TEST(ProviderError, OverflowPhrasesOfEachServerFamily) {
  struct Case {
    const char* family;
    int status;
    const char* body;
    int64_t window;
  } cases[] = {
      {"llama.cpp", 400,
       R"({"error":{"code":400,"message":"request (9000 tokens) exceeds the available context size (4096 tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":9000,"n_ctx":4096}})",
       4096},
      {"llama.cpp, older", 400,
       R"({"error":{"code":400,"message":"the request exceeds the available context size, try increasing it","type":"invalid_request_error"}})",
       0},
      {"vLLM", 400,
       R"({"object":"error","message":"This model's maximum context length is 32768 tokens. However, you requested 40000 tokens.","type":"BadRequestError","code":400})",
       32768},
      {"vLLM, newer", 400,
       R"({"error":{"message":"The decoder prompt (length 9000) is longer than the maximum model length of 8192.","type":"BadRequestError"}})",
       8192},
      {"OpenAI", 400,
       R"({"error":{"message":"This model's maximum context length is 128000 tokens. However, your messages resulted in 130000 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}})",
       128000},
      {"in-stream", 0, R"({"error":{"message":"context length exceeded","type":"server_error"}})", 0},
  };
  for (const auto& c : cases) {
    Error e = server_error(c.status, c.body, kUrl);
    EXPECT_EQ(e.code, ErrorCode::kContextOverflow) << c.family << ": " << e.message;
    EXPECT_EQ(e.window, c.window) << c.family;
  }
  Error bedrock = bedrock_error("ValidationException", "Input is too long for requested model.", 400, "B");
  EXPECT_EQ(bedrock.code, ErrorCode::kContextOverflow);
  EXPECT_EQ(bedrock.window, 0);
  Error anthropic =
      bedrock_error("ValidationException", "prompt is too long: 210000 tokens > 200000 maximum", 400, "B");
  EXPECT_EQ(anthropic.code, ErrorCode::kContextOverflow);
  EXPECT_EQ(anthropic.window, 200000);
  EXPECT_EQ(server_error(400, R"({"error":"tools param requires --jinja flag"})", kUrl).code, ErrorCode::kHttp);
}

TEST(ProviderError, ALongDigitStringIsNoWindow) {
  std::string forty(40, '9');
  EXPECT_EQ(window_from_overflow_message("maximum context length is " + forty + " tokens"), 0);
  EXPECT_EQ(window_from_overflow_message("exceeds the available context size (" + forty + " tokens)"), 0);
  Error e = server_error(400, R"({"error":{"message":"maximum context length is )" + forty + R"( tokens"}})", kUrl);
  EXPECT_EQ(e.code, ErrorCode::kContextOverflow);
  EXPECT_EQ(e.window, 0);
}

TEST(ProviderError, ARefusedConnectionAsksForTheServer) {
  Error transport(ErrorCode::kConnection, "cannot connect to http://localhost:8004/v1/chat/completions: refused");
  Error e = unreachable_error(transport, kUrl);
  EXPECT_EQ(e.code, ErrorCode::kConnection);
  EXPECT_NE(e.message.find("port 8004"), std::string::npos) << e.message;
  EXPECT_EQ(e.message.find("--model"), std::string::npos) << "the front-end adds how to switch models";
  EXPECT_EQ(brief_problem(e), "connection refused");
  // A server pair runs itself is started again by pair: no llama-server command to type.
  Error managed = unreachable_error(transport, kUrl, /*managed_server=*/true);
  EXPECT_EQ(managed.message.find("Start one with"), std::string::npos) << managed.message;
  EXPECT_NE(managed.message.find("pair starts it again"), std::string::npos) << managed.message;
}

TEST(ProviderProbe, SendsTheKeyAndHeadersARequestSends) {
  testing::CannedHttpServer server(200, R"({"object":"list","data":[{"id":"m"}]})");
  OpenAIProviderConfig c;
  c.base_url = server.base_url();
  c.api_key = "sk-probe";
  c.extra_headers = {"X-Team: blue"};
  OpenAIProvider provider(c);
  ProbeResult r = provider.probe(std::chrono::milliseconds(3000), {});
  EXPECT_TRUE(r.checked);
  EXPECT_TRUE(r.reachable);
  EXPECT_FALSE(r.problem) << r.problem->message;
  ASSERT_EQ(server.requests().size(), 1u);
  const std::string request = server.requests()[0];
  EXPECT_TRUE(request.starts_with("GET /v1/models ")) << request;
  EXPECT_NE(request.find("Authorization: Bearer sk-probe"), std::string::npos) << request;
  EXPECT_NE(request.find("X-Team: blue"), std::string::npos) << request;
}

TEST(ProviderProbe, ClassifiesWhatIsWrong) {
  testing::CannedHttpServer server(501,
                                   "<html><head><title>Error response</title></head><body>Unsupported</body></html>");
  OpenAIProviderConfig c;
  c.base_url = server.base_url();
  OpenAIProvider provider(c);
  ProbeResult r = provider.probe(std::chrono::milliseconds(3000), {});
  EXPECT_TRUE(r.reachable);
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.problem->code, ErrorCode::kWrongServer);
  EXPECT_EQ(brief_problem(*r.problem), "not a model server (HTTP 501)");
}

TEST(ProviderProbe, NothingListening) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  ASSERT_EQ(::bind(s, reinterpret_cast<sockaddr*>(&addr), len), 0);
  ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(s);  // bound once, now free: nothing listens there
  OpenAIProviderConfig c;
  c.base_url = "http://127.0.0.1:" + std::to_string(port) + "/v1";
  OpenAIProvider provider(c);
  ProbeResult r = provider.probe(std::chrono::milliseconds(2000), {});
  EXPECT_FALSE(r.reachable);
  ASSERT_TRUE(r.problem);
  EXPECT_EQ(r.problem->code, ErrorCode::kConnection);
  EXPECT_EQ(brief_problem(*r.problem), "connection refused") << r.problem->message;
}

}  // namespace
}  // namespace pair
