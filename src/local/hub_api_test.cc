#include "local/hub_api.h"

#include <gtest/gtest.h>

#include <chrono>

#include "http/canned_http_server.h"
#include "http/http_client.h"
#include "util/scoped_env.h"

namespace pair {
namespace {

using testing::ScopedEnv;

constexpr const char* kTree = R"([
  {"type": "directory", "path": "Q4_K_M", "size": 0, "oid": "0"},
  {"type": "file", "path": "Q4_K_M/Coder-Q4_K_M-00001-of-00002.gguf", "size": 10000000000, "oid": "a",
   "lfs": {"oid": "aa", "size": 10000000000, "pointerSize": 135}},
  {"type": "file", "path": "Q4_K_M/Coder-Q4_K_M-00002-of-00002.gguf", "size": 11500000000, "oid": "b",
   "lfs": {"oid": "bb", "size": 11500000000, "pointerSize": 135}},
  {"type": "file", "path": "Coder-Q8_0.gguf", "size": 37000000000, "oid": "c",
   "lfs": {"oid": "cc", "size": 37000000000, "pointerSize": 135}},
  {"type": "file", "path": "README.md", "size": 1200, "oid": "d"}])";

/// The server's address without the "/v1" base_url() adds.
std::string endpoint_of(const testing::CannedHttpServer& s) {
  std::string url = s.base_url();
  return url.substr(0, url.size() - 3);
}

TEST(HubApi, TheQuantsShardsSummedFromTheTreeWithTheToken) {
  testing::CannedHttpServer hub({{"/api/models/acme/Coder-GGUF/tree/main", {200, kTree}}});
  ScopedEnv endpoint("HF_ENDPOINT", endpoint_of(hub));
  ScopedEnv token("HF_TOKEN", "tok");
  HttpClient http;
  auto bytes = hub_quant_bytes(http, HfModelRef{"acme/Coder-GGUF", "Q4_K_M"});
  ASSERT_TRUE(bytes.has_value()) << bytes.error().message;
  EXPECT_EQ(*bytes, 21'500'000'000ull);
  auto heads = hub.requests();
  ASSERT_EQ(heads.size(), 1u);
  EXPECT_NE(heads[0].find("GET /api/models/acme/Coder-GGUF/tree/main?recursive=true "), std::string::npos) << heads[0];
  EXPECT_NE(heads[0].find("Authorization: Bearer tok"), std::string::npos) << heads[0];
  auto q8 = hub_quant_bytes(http, HfModelRef{"acme/Coder-GGUF", "Q8_0"});
  ASSERT_TRUE(q8.has_value());
  EXPECT_EQ(*q8, 37'000'000'000ull);
}

TEST(HubApi, ARefusalOrAMissingQuantIsAnError) {
  testing::CannedHttpServer hub({{"/api/models/acme/Gated-GGUF/tree/main", {401, R"({"error": "gated"})"}},
                                 {"/api/models/acme/Coder-GGUF/tree/main", {200, kTree}}});
  ScopedEnv endpoint("HF_ENDPOINT", endpoint_of(hub));
  HttpClient http;
  auto gated = hub_quant_bytes(http, HfModelRef{"acme/Gated-GGUF", "Q4_K_M"});
  ASSERT_FALSE(gated.has_value());
  EXPECT_EQ(gated.error().code, ErrorCode::kHttp);
  EXPECT_NE(gated.error().message.find("answered HTTP 401"), std::string::npos) << gated.error().message;
  auto missing = hub_quant_bytes(http, HfModelRef{"acme/Coder-GGUF", "IQ2_XS"});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST(HubApi, OfflineFailsQuickly) {
  int port = 0;
  int fd = testing::listen_on_loopback(&port);
  ASSERT_GE(fd, 0);
  ::close(fd);  // nothing listens there now: the connection is refused
  ScopedEnv endpoint("HF_ENDPOINT", "http://127.0.0.1:" + std::to_string(port));
  HttpClient http;
  auto start = std::chrono::steady_clock::now();
  auto bytes = hub_quant_bytes(http, HfModelRef{"acme/Coder-GGUF", "Q4_K_M"}, std::chrono::milliseconds(2000));
  ASSERT_FALSE(bytes.has_value());
  EXPECT_EQ(bytes.error().code, ErrorCode::kConnection) << bytes.error().message;
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
}

TEST(HubApi, HfHubOffline) {
  for (const char* yes : {"1", "true", "YES", "on"}) {
    ScopedEnv offline("HF_HUB_OFFLINE", yes);
    EXPECT_TRUE(hub_offline()) << yes;
  }
  for (const char* no : {"0", "false", ""}) {
    ScopedEnv offline("HF_HUB_OFFLINE", no);
    EXPECT_FALSE(hub_offline()) << no;
  }
}

}  // namespace
}  // namespace pair
