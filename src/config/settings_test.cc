#include "config/settings.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

TEST(Settings, ProjectOverridesUser) {
  auto s = Settings::from_texts(R"({"ui": {"tool_output": "all", "show_reasoning": false}, "bash": {"timeout_s": 60}})",
                                R"({"ui": {"tool_output": "some"}})");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->get_string("/ui/tool_output", "limited"), "some");
  EXPECT_FALSE(s->get_bool("/ui/show_reasoning", true));
  EXPECT_EQ(s->get_int("/bash/timeout_s", 120), 60);
  EXPECT_EQ(s->get_string("/missing/key", "dflt"), "dflt");
  EXPECT_TRUE(s->warnings().empty());
}

TEST(Settings, UserOnlyValuesIgnoreTheProject) {
  auto s = Settings::from_texts(R"({"web": {"fetch": {"allow": ["10.0.0.0/8"]}}})",
                                R"({"web": {"fetch": {"allow": ["0.0.0.0/0"]}, "search": {"endpoint": "x"}}})");
  ASSERT_TRUE(s.has_value());
  EXPECT_EQ(s->get_strings("/web/fetch/allow"), std::vector<std::string>{"0.0.0.0/0"});
  EXPECT_EQ(s->get_user("/web/fetch/allow").dump(), R"(["10.0.0.0/8"])");
  EXPECT_TRUE(s->get_user("/web/search/endpoint").is_null());
}

TEST(Settings, WrongTypeFallsBackWithAWarning) {
  auto s = Settings::from_texts(R"({"ui": {"show_reasoning": "yes"}})", "");
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->get_bool("/ui/show_reasoning", true));
  ASSERT_EQ(s->warnings().size(), 1u);
  EXPECT_NE(s->warnings()[0].find("/ui/show_reasoning"), std::string::npos);
}

TEST(Settings, BrokenFileNamesTheLine) {
  auto s = Settings::from_texts("{\n  \"a\": 1,\n  \"b\" 2\n}", "");
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message.find("user settings:3:"), std::string::npos) << s.error().message;
  EXPECT_FALSE(Settings::from_texts("[1]", "").has_value());
}

TEST(Settings, SetUpdatesTheMergedView) {
  auto s = Settings::from_texts("", "");
  ASSERT_TRUE(s.has_value());
  ASSERT_TRUE(s->set(SettingsScope::kProject, "/permissions/allow/0", "git status").has_value());
  EXPECT_EQ(s->get_strings("/permissions/allow"), std::vector<std::string>{"git status"});
}

}  // namespace
}  // namespace pair
