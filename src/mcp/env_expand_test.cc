#include "mcp/env_expand.h"

#include <gtest/gtest.h>

#include <map>

namespace pair::mcp {
namespace {

TEST(EnvExpand, ReplacesVariablesAndKeepsOtherDollars) {
  auto env = env_of({{"TOKEN", "s3cret"}, {"HOST", "example.com"}});
  EXPECT_EQ(expand_env("Bearer ${TOKEN}", env).value(), "Bearer s3cret");
  EXPECT_EQ(expand_env("https://${HOST}/mcp?k=${TOKEN}", env).value(), "https://example.com/mcp?k=s3cret");
  EXPECT_EQ(expand_env("costs $5 or $HOME", env).value(), "costs $5 or $HOME");
  EXPECT_EQ(expand_env("", env).value(), "");
}

TEST(EnvExpand, DefaultWhenUnsetOrEmpty) {
  auto env = env_of({{"EMPTY", ""}, {"SET", "x"}});
  EXPECT_EQ(expand_env("${MISSING:-/tmp}", env).value(), "/tmp");
  EXPECT_EQ(expand_env("${EMPTY:-d}", env).value(), "d");
  EXPECT_EQ(expand_env("${SET:-d}", env).value(), "x");
  EXPECT_EQ(expand_env("${MISSING:-}", env).value(), "");
}

TEST(EnvExpand, UnsetVariableIsAnErrorNamingIt) {
  auto r = expand_env("Bearer ${GITHUB_TOKEN}", env_of({}));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kConfig);
  EXPECT_NE(r.error().message.find("${GITHUB_TOKEN} is not set"), std::string::npos) << r.error().message;
}

TEST(EnvExpand, MalformedReferencesAreErrors) {
  EXPECT_FALSE(expand_env("${OPEN", env_of({})).has_value());
  EXPECT_FALSE(expand_env("${1ABC}", env_of({{"1ABC", "x"}})).has_value());
  EXPECT_FALSE(expand_env("${}", env_of({})).has_value());
  EXPECT_FALSE(expand_env("${A B}", env_of({})).has_value());
}

}  // namespace
}  // namespace pair::mcp
