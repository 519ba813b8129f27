// The server's own answers (/props, /api/show, /v1/models, /tokenize, /slots) with wrong types are
// read tolerantly: no exception, a clear "does not report" instead of a window.
#include "providers/openai_server_info.h"

#include <gtest/gtest.h>

#include "http/canned_http_server.h"
#include "http/http_client.h"

namespace pair {
namespace {

using testing::CannedHttpServer;

TEST(OpenAIServerInfo, HostileWindowAnswersGiveNoWindowNotAnException) {
  CannedHttpServer server({
      {"/props", {200, R"({"default_generation_settings": "n_ctx", "total_slots": {"many": true}})"}},
      {"/api/version", {200, R"({"version": ["x"]})"}},
      {"/api/show", {200, R"({"model_info": [1, 2, 3]})"}},
      {"/v1/models", {200, R"({"data": {"id": 5}})"}},
      {"/api/v0/models/m", {200, R"({"loaded_context_length": "huge"})"}},
  });
  HttpClient http;
  auto w = discover_context_window(http, server.base_url(), "m", /*llama_cpp=*/true, {});
  // Ollama's /api/version answered, so the window is Ollama's default: wrong types inside are ignored.
  ASSERT_TRUE(w.has_value()) << w.error().message;
  EXPECT_TRUE(w->ollama);
  EXPECT_GT(w->info.tokens, 0);
}

TEST(OpenAIServerInfo, WrongTypesEverywhereMeanTheWindowIsUnknown) {
  CannedHttpServer server({
      {"/props", {200, R"({"default_generation_settings": {"n_ctx": "4096"}, "total_slots": "2"})"}},
      {"/v1/models", {200, R"({"data": [{"id": 7, "max_model_len": "8192"}, "x"]})"}},
      {"/api/v0/models/m", {200, R"([1])"}},
  });
  HttpClient http;
  auto w = discover_context_window(http, server.base_url(), "m", /*llama_cpp=*/true, {});
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().code, ErrorCode::kNotFound);
  EXPECT_NE(w.error().message.find("does not report its context window"), std::string::npos) << w.error().message;
}

TEST(OpenAIServerInfo, HostileTokenizeAndSlotAnswers) {
  CannedHttpServer server({
      {"/tokenize", {200, R"({"tokens": "abc"})"}},
      {"/slots/0", {200, R"({"n_saved": [1], "n_restored": null})"}},
  });
  HttpClient http;
  auto n = llama_count_tokens(http, server.base_url(), "hello", {});
  ASSERT_FALSE(n.has_value());
  EXPECT_EQ(n.error().code, ErrorCode::kProtocol);
  auto saved = llama_slot_action(http, server.base_url(), 0, "save", "f.bin", {});
  ASSERT_TRUE(saved.has_value()) << saved.error().message;
  EXPECT_EQ(*saved, 0);
}

}  // namespace
}  // namespace pair
