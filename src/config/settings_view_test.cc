#include "config/settings_view.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

/// One key of the view: a value unlike its default, and a value of the wrong type.
struct KeyCase {
  const char* pointer;
  json other;
  json wrong_type;
};

/// Every key read_settings_view reads. A key added to the view belongs here.
const std::vector<KeyCase>& every_key() {
  static const std::vector<KeyCase> kKeys = {
      {.pointer = "/ui/tool_output", .other = "all", .wrong_type = 2},
      {.pointer = "/ui/reasoning", .other = "hidden", .wrong_type = true},
      {.pointer = "/ui/syntax_highlighting", .other = false, .wrong_type = "no"},
      {.pointer = "/ui/warm_up", .other = false, .wrong_type = 0},
      {.pointer = "/context/compact_at", .other = 0.5, .wrong_type = "half"},
      {.pointer = "/context/save_prompt_cache", .other = false, .wrong_type = "no"},
      {.pointer = "/context/restore_prompt_cache", .other = false, .wrong_type = "no"},
      {.pointer = "/context/prompt_cache_max_mb", .other = 100, .wrong_type = 1.5},
      {.pointer = "/context/instructions_max_bytes", .other = 4096, .wrong_type = "4k"},
      {.pointer = "/sandbox/enabled", .other = false, .wrong_type = "off"},
      {.pointer = "/sandbox/network", .other = true, .wrong_type = 1},
      {.pointer = "/sandbox/writable", .other = json::array({"~/cache"}), .wrong_type = "~/cache"},
      {.pointer = "/vision/max_image_bytes", .other = 1000, .wrong_type = "1k"},
      {.pointer = "/vision/max_image_pixels", .other = 512, .wrong_type = false},
      {.pointer = "/ide/enabled", .other = false, .wrong_type = "never"},
      {.pointer = "/web/ask_first", .other = false, .wrong_type = "no"},
      {.pointer = "/web/search/backend", .other = "tavily", .wrong_type = json::array()},
      {.pointer = "/web/search/endpoint", .other = "http://localhost:8888", .wrong_type = 8888},
      {.pointer = "/web/search/api_key_env", .other = "KEY", .wrong_type = json::object()},
      {.pointer = "/web/search/max_results", .other = 9, .wrong_type = "9"},
      {.pointer = "/web/search/timeout_s", .other = 5, .wrong_type = "5"},
      {.pointer = "/web/fetch/enabled", .other = false, .wrong_type = "no"},
      {.pointer = "/web/fetch/allow_private", .other = true, .wrong_type = "yes"},
      {.pointer = "/web/fetch/allow", .other = json::array({"10.0.0.0/8"}), .wrong_type = "10.0.0.0/8"},
      {.pointer = "/web/fetch/max_redirects", .other = 0, .wrong_type = "none"},
      {.pointer = "/web/fetch/timeout_s", .other = 7, .wrong_type = 7.5},
      {.pointer = "/web/fetch/max_bytes", .other = 4096, .wrong_type = "4k"},
      {.pointer = "/web/fetch/max_chars", .other = 100, .wrong_type = true},
      {.pointer = "/mcp/tool_budget_tokens", .other = 500, .wrong_type = "2k"},
      {.pointer = "/agent/loop_guard/warn_after", .other = 4, .wrong_type = "4"},
      {.pointer = "/agent/loop_guard/stop_after", .other = 8, .wrong_type = 8.5},
  };
  return kKeys;
}

/// The view of a user's settings file that sets only `pointer` to `value`.
SettingsView view_with(const char* pointer, const json& value) {
  json user = json::object();
  user[json::json_pointer(pointer)] = value;
  auto settings = Settings::from_texts(user.dump(), "");
  EXPECT_TRUE(settings.has_value()) << pointer;
  return settings ? read_settings_view(*settings) : SettingsView{};
}

TEST(SettingsView, DefaultsWithoutFiles) {
  auto settings = Settings::from_texts("", "");
  ASSERT_TRUE(settings.has_value());
  SettingsView view = read_settings_view(*settings);
  EXPECT_TRUE(view == SettingsView{});
  EXPECT_TRUE(view.sandbox.enabled);
  EXPECT_DOUBLE_EQ(view.context.compact_at, 0.8);
  EXPECT_EQ(view.context.prompt_cache_max_mb, 20480);
  EXPECT_EQ(view.vision.max_image_bytes, 10 * 1024 * 1024);
}

TEST(SettingsView, EveryKeyIsRead) {
  for (const auto& key : every_key()) {
    SettingsView view = view_with(key.pointer, key.other);
    EXPECT_TRUE(view.warnings.empty()) << key.pointer << ": " << view.warnings.front();
    EXPECT_FALSE(view == SettingsView{}) << key.pointer << " set to " << key.other.dump() << " changed nothing";
  }
}

TEST(SettingsView, WrongTypeGivesTheDefaultAndAWarning) {
  for (const auto& key : every_key()) {
    SettingsView view = view_with(key.pointer, key.wrong_type);
    ASSERT_EQ(view.warnings.size(), 1u) << key.pointer;
    EXPECT_NE(view.warnings[0].find(key.pointer), std::string::npos) << view.warnings[0];
    view.warnings.clear();
    EXPECT_TRUE(view == SettingsView{}) << key.pointer << " of the wrong type changed the view";
  }
}

TEST(SettingsView, UnknownWordsAndNonPositiveLimitsKeepTheDefault) {
  EXPECT_EQ(view_with("/ui/tool_output", "everything").ui.tool_output, ToolOutputShown::kLimited);
  EXPECT_EQ(view_with("/web/fetch/timeout_s", 0).web.fetch.timeout_s, 30);
  EXPECT_EQ(view_with("/context/instructions_max_bytes", 0).context.instructions_max_bytes, 32 * 1024);
  EXPECT_FALSE(view_with("/web/fetch/max_bytes", -1).web.fetch.max_bytes.has_value());
  EXPECT_EQ(view_with("/mcp/tool_budget_tokens", -1).mcp.tool_budget_tokens, 2000);
}

TEST(SettingsView, TheLoopGuardsStepsTurnOffWithZero) {
  EXPECT_EQ(view_with("/agent/loop_guard/warn_after", 0).loop_guard.warn_after, 0);
  EXPECT_EQ(view_with("/agent/loop_guard/stop_after", 0).loop_guard.stop_after, 0);
  EXPECT_EQ(view_with("/agent/loop_guard/stop_after", -2).loop_guard.stop_after, 5);
  EXPECT_EQ(SettingsView{}.loop_guard.warn_after, 3);
}

TEST(SettingsView, ZeroMcpBudgetMeansNoLimit) {
  EXPECT_EQ(view_with("/mcp/tool_budget_tokens", 0).mcp.tool_budget_tokens, 0);
}

TEST(SettingsView, UserOnlyKeysIgnoreTheProject) {
  auto settings =
      Settings::from_texts("", R"({"web": {"ask_first": false, "search": {"backend": "tavily", "endpoint": "http://x"},
                      "fetch": {"allow_private": true, "allow": ["0.0.0.0/0"], "max_chars": 50}}})");
  ASSERT_TRUE(settings.has_value());
  SettingsView view = read_settings_view(*settings);
  EXPECT_TRUE(view.web.ask_first);
  EXPECT_EQ(view.web.search.backend, "");
  EXPECT_TRUE(view.web.search.backend_outside_user);
  EXPECT_FALSE(view.web.search.endpoint.has_value());
  EXPECT_FALSE(view.web.fetch.allow_private);
  EXPECT_TRUE(view.web.fetch.allow.empty());
  EXPECT_EQ(view.web.fetch.max_chars, 50);  // a limit, not an allowance: the project's applies
}

TEST(SettingsView, ProjectOverridesUserAndWarningsStayInSettings) {
  auto settings = Settings::from_texts(R"({"sandbox": {"enabled": false}, "ui": {"warm_up": "x"}})",
                                       R"({"sandbox": {"enabled": true}})");
  ASSERT_TRUE(settings.has_value());
  SettingsView view = read_settings_view(*settings);
  EXPECT_TRUE(view.sandbox.enabled);
  ASSERT_EQ(view.warnings.size(), 1u);
  EXPECT_EQ(settings->warnings(), view.warnings);
}

}  // namespace
}  // namespace pair
