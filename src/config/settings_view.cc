#include "config/settings_view.h"

#include <nlohmann/json.hpp>

#include <initializer_list>

namespace pair {

std::string_view tool_output_name(ToolOutputShown v) {
  switch (v) {
    case ToolOutputShown::kLimited: return "limited";
    case ToolOutputShown::kSome: return "some";
    case ToolOutputShown::kAll: return "all";
  }
  return "limited";
}

std::string_view reasoning_name(ReasoningView v) {
  switch (v) {
    case ReasoningView::kCollapsed: return "collapsed";
    case ReasoningView::kShown: return "shown";
    case ReasoningView::kHidden: return "hidden";
  }
  return "collapsed";
}

namespace {

/// The value named `word` among `values`, else `fallback` (an unknown word
/// keeps the default, as a wrong type does).
template <class Enum>
Enum enum_named(const std::string& word, std::initializer_list<Enum> values, std::string_view (*name)(Enum),
                Enum fallback) {
  for (Enum v : values)
    if (name(v) == word) return v;
  return fallback;
}

/// The whole number at `pointer` when it is positive, else `fallback`.
int64_t positive(const Settings& s, std::string_view pointer, int64_t fallback) {
  int64_t v = s.get_int(pointer, fallback);
  return v > 0 ? v : fallback;
}

/// The positive whole number at `pointer`, if one is set.
std::optional<int64_t> positive_if_set(const Settings& s, std::string_view pointer) {
  int64_t v = s.get_int(pointer, 0);
  return v > 0 ? std::optional(v) : std::nullopt;
}

/// The whole number at `pointer`, if one is set (another type is warned about).
std::optional<int64_t> int_if_set(const Settings& s, std::string_view pointer) {
  int64_t v = s.get_int(pointer, 0);
  return s.get(pointer).is_number_integer() ? std::optional(v) : std::nullopt;
}

/// The string at `pointer` in the user's file, if one is set (another type is warned about).
std::optional<std::string> user_string_if_set(const Settings& s, std::string_view pointer) {
  std::string v = s.get_string(pointer, "", SettingsScope::kUser);
  return s.get_user(pointer).is_string() ? std::optional(std::move(v)) : std::nullopt;
}

SettingsView::Ui read_ui(const Settings& s) {
  SettingsView::Ui ui;
  ui.tool_output = enum_named(s.get_string("/ui/tool_output", "limited"),
                              {ToolOutputShown::kLimited, ToolOutputShown::kSome, ToolOutputShown::kAll},
                              tool_output_name, ui.tool_output);
  ui.reasoning = enum_named(s.get_string("/ui/reasoning", "collapsed"),
                            {ReasoningView::kCollapsed, ReasoningView::kShown, ReasoningView::kHidden}, reasoning_name,
                            ui.reasoning);
  ui.syntax_highlighting = s.get_bool("/ui/syntax_highlighting", ui.syntax_highlighting);
  ui.warm_up = s.get_bool("/ui/warm_up", ui.warm_up);
  return ui;
}

SettingsView::Context read_context(const Settings& s) {
  SettingsView::Context c;
  c.compact_at = s.get_double("/context/compact_at", c.compact_at);
  c.save_prompt_cache = s.get_bool("/context/save_prompt_cache", c.save_prompt_cache);
  c.restore_prompt_cache = s.get_bool("/context/restore_prompt_cache", c.restore_prompt_cache);
  c.prompt_cache_max_mb = s.get_int("/context/prompt_cache_max_mb", c.prompt_cache_max_mb);
  c.instructions_max_bytes = positive(s, "/context/instructions_max_bytes", c.instructions_max_bytes);
  return c;
}

SettingsView::Sandbox read_sandbox(const Settings& s) {
  SettingsView::Sandbox b;
  b.enabled = s.get_bool("/sandbox/enabled", b.enabled);
  b.network = s.get_bool("/sandbox/network", b.network);
  b.writable = s.get_strings("/sandbox/writable");
  return b;
}

SettingsView::Vision read_vision(const Settings& s) {
  SettingsView::Vision v;
  v.max_image_bytes = s.get_int("/vision/max_image_bytes", v.max_image_bytes);
  v.max_image_pixels = s.get_int("/vision/max_image_pixels", v.max_image_pixels);
  return v;
}

SettingsView::Web read_web(const Settings& s) {
  constexpr SettingsScope kUser = SettingsScope::kUser;
  SettingsView::Web w;
  w.ask_first = s.get_bool("/web/ask_first", w.ask_first, kUser);
  auto& search = w.search;
  search.backend = s.get_string("/web/search/backend", "", kUser);
  search.backend_outside_user = s.get_user("/web/search/backend").is_null() && !s.get("/web/search/backend").is_null();
  search.endpoint = user_string_if_set(s, "/web/search/endpoint");
  search.api_key_env = user_string_if_set(s, "/web/search/api_key_env");
  search.max_results = positive(s, "/web/search/max_results", search.max_results);
  search.timeout_s = positive(s, "/web/search/timeout_s", search.timeout_s);
  auto& fetch = w.fetch;
  fetch.enabled = s.get_bool("/web/fetch/enabled", fetch.enabled);
  fetch.allow_private = s.get_bool("/web/fetch/allow_private", fetch.allow_private, kUser);
  fetch.allow = s.get_strings("/web/fetch/allow", kUser);
  fetch.max_redirects = int_if_set(s, "/web/fetch/max_redirects");
  fetch.timeout_s = positive(s, "/web/fetch/timeout_s", fetch.timeout_s);
  fetch.max_bytes = positive_if_set(s, "/web/fetch/max_bytes");
  fetch.max_chars = positive_if_set(s, "/web/fetch/max_chars");
  return w;
}

SettingsView::LoopGuard read_loop_guard(const Settings& s) {
  SettingsView::LoopGuard g;
  // 0 turns a step off, so only a negative number is out of range.
  if (int64_t v = s.get_int("/agent/loop_guard/warn_after", g.warn_after); v >= 0) g.warn_after = v;
  if (int64_t v = s.get_int("/agent/loop_guard/stop_after", g.stop_after); v >= 0) g.stop_after = v;
  return g;
}

}  // namespace

SettingsView read_settings_view(const Settings& settings) {
  size_t warned_before = settings.warnings().size();
  SettingsView view;
  view.ui = read_ui(settings);
  view.context = read_context(settings);
  view.sandbox = read_sandbox(settings);
  view.vision = read_vision(settings);
  view.ide.enabled = settings.get_bool("/ide/enabled", view.ide.enabled);
  view.loop_guard = read_loop_guard(settings);
  view.web = read_web(settings);
  // 0 is allowed (no limit); a negative number keeps the default.
  if (int64_t budget = settings.get_int("/mcp/tool_budget_tokens", view.mcp.tool_budget_tokens); budget >= 0)
    view.mcp.tool_budget_tokens = budget;
  view.user_file = settings.path(SettingsScope::kUser);
  const auto& all = settings.warnings();
  view.warnings.assign(all.begin() + static_cast<std::ptrdiff_t>(warned_before), all.end());
  return view;
}

}  // namespace pair
