#include "providers/bedrock_provider.h"

#include <gtest/gtest.h>

#include <map>

namespace pair {
namespace {

BedrockProviderConfig config(std::map<std::string, std::string> vars, std::string url, std::string region = "") {
  BedrockProviderConfig c;
  c.url = std::move(url);
  c.model_id = "us.anthropic.claude-sonnet-4-6";
  c.region = std::move(region);
  c.env.get = [vars = std::move(vars)](std::string_view name) -> std::optional<std::string> {
    auto it = vars.find(std::string(name));
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  };
  c.env.home = "/nonexistent-home-for-pair-tests";
  return c;
}

Result<void> send(BedrockProvider& p) {
  std::vector<Message> messages = {Message::user("hi")};
  return p.stream({messages, {}, {}}, [](const ModelEvent&) {}, {});
}

TEST(BedrockProvider, NoRegionAnywhereSaysWhereToSetIt) {
  BedrockProvider p(config({{"AWS_ACCESS_KEY_ID", "A"}, {"AWS_SECRET_ACCESS_KEY", "S"}}, "http://127.0.0.1:9"));
  auto r = send(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_NE(r.error().message.find("no AWS region"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("\"region\""), std::string::npos);
}

TEST(BedrockProvider, MissingCredentialsFailBeforeAnyRequest) {
  // The endpoint is unreachable: a credentials error proves nothing was sent.
  BedrockProvider p(config({}, "https://bedrock-runtime.eu-central-1.amazonaws.com"));
  auto r = send(p);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_NE(r.error().message.find("no AWS credentials"), std::string::npos) << r.error().message;
}

TEST(BedrockProvider, Describe) {
  BedrockProvider p(config({}, "https://bedrock-runtime.us-east-1.amazonaws.com"));
  EXPECT_EQ(p.describe(), "bedrock https://bedrock-runtime.us-east-1.amazonaws.com (us.anthropic.claude-sonnet-4-6)");
}

}  // namespace
}  // namespace pair
