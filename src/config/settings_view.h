#pragma once
/// Every setting pair reads from settings.json, typed, with its default: one
/// function (read_settings_view) owns each key, so a key and its default are
/// written once. README.md describes the keys for users.
///
/// The view is a snapshot, read once when a front-end starts (the engine
/// keeps it for its lifetime). It does not follow later writes through
/// Settings::set: the one run-time change, the terminal UI's /settings,
/// touches only `ui` keys, and the UI applies those to its own copy of `ui`
/// at once as it saves them. A change to any other key takes effect at the
/// next start.
///
/// The permission rules (/permissions/{allow,ask,deny}) are not here: they
/// are lists read per file, because where a rule came from matters
/// (app/permission_setup.h).
///
/// Keys marked "user only" are read from the user's own file whatever the
/// project's says: they decide where requests go or what they may reach.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.h"

namespace pair {

/// How much of a tool's output the terminal UI shows (/ui/tool_output).
enum class ToolOutputShown { kLimited, kSome, kAll };
/// How the terminal UI shows a model's reasoning (/ui/reasoning).
enum class ReasoningView { kCollapsed, kShown, kHidden };

/// "limited", "some", "all": the words settings.json uses.
std::string_view tool_output_name(ToolOutputShown v);
/// "collapsed", "shown", "hidden": the words settings.json uses.
std::string_view reasoning_name(ReasoningView v);

struct SettingsView {
  /// The terminal UI's looks (/ui/...).
  struct Ui {
    ToolOutputShown tool_output = ToolOutputShown::kLimited;  ///< /ui/tool_output
    ReasoningView reasoning = ReasoningView::kCollapsed;      ///< /ui/reasoning
    bool syntax_highlighting = true;                          ///< /ui/syntax_highlighting
    /// Send the first request's prefix to a local server at start-up (/ui/warm_up).
    bool warm_up = true;
    bool operator==(const Ui&) const = default;
  } ui;

  /// When to compact, the server's prompt cache kept with a session, and the
  /// instruction files' size (/context/...).
  struct Context {
    double compact_at = 0.8;              ///< fraction of the window that triggers compaction
    bool save_prompt_cache = true;        ///< save the KV cache when a session closes
    bool restore_prompt_cache = true;     ///< restore it when the session is resumed
    int64_t prompt_cache_max_mb = 20480;  ///< saved caches on disk are pruned to this size
    /// AGENTS.md files (every level, and the user's own) given to the model, in all; positive.
    int64_t instructions_max_bytes = 32 * 1024;
    bool operator==(const Context&) const = default;
  } context;

  /// The command sandbox (/sandbox/...).
  struct Sandbox {
    bool enabled = true;                ///< run commands under bubblewrap when it can run here
    bool network = false;               ///< let sandboxed commands reach the network
    std::vector<std::string> writable;  ///< more writable paths, as written ("~/" not expanded)
    bool operator==(const Sandbox&) const = default;
  } sandbox;

  /// Images given to a model (/vision/...).
  struct Vision {
    int64_t max_image_bytes = 10 * 1024 * 1024;  ///< larger images are refused
    int64_t max_image_pixels = 8192;             ///< longest side analyze_media sends
    bool operator==(const Vision&) const = default;
  } vision;

  /// The editor bridge (/ide/enabled: connect when an editor is found).
  struct Ide {
    bool enabled = true;
    bool operator==(const Ide&) const = default;
  } ide;

  /// A model that repeats the same calls with the same results (/agent/loop_guard/...,
  /// core/loop_guard.h); 0 turns a step off, a negative number keeps the default.
  struct LoopGuard {
    int64_t warn_after = 3;  ///< the repeat answered with a warning instead of being run
    int64_t stop_after = 5;  ///< the repeat that ends the turn
    bool operator==(const LoopGuard&) const = default;
  } loop_guard;

  /// The web tools (/web/...).
  struct Web {
    bool ask_first = true;  ///< network calls need approval (user only)
    struct Search {
      std::string backend;  ///< "tavily", "searxng"; empty: no web_search (user only)
      /// The user's file names no backend but a project's does (which is not
      /// read for it): worth telling the user.
      bool backend_outside_user = false;
      std::optional<std::string> endpoint;     ///< absent: the backend's own (user only)
      std::optional<std::string> api_key_env;  ///< absent: the backend's own (user only)
      int64_t max_results = 5;                 ///< positive
      int64_t timeout_s = 30;                  ///< positive
      bool operator==(const Search&) const = default;
    } search;
    struct Fetch {
      bool enabled = true;
      bool allow_private = false;            ///< user only
      std::vector<std::string> allow;        ///< networks, addresses or hosts it may reach (user only)
      std::optional<int64_t> max_redirects;  ///< absent: web_fetch's own
      int64_t timeout_s = 30;                ///< positive
      std::optional<int64_t> max_bytes;      ///< positive; absent: web_fetch's own
      std::optional<int64_t> max_chars;      ///< positive; absent: web_fetch's own
      bool operator==(const Fetch&) const = default;
    } fetch;
    bool operator==(const Web&) const = default;
  } web;

  /// MCP servers' tools (/mcp/...).
  struct Mcp {
    /// A server whose tools cost more tokens than this (estimated) is not
    /// offered whole without an allow-list; 0: no limit.
    int64_t tool_budget_tokens = 2000;
    bool operator==(const Mcp&) const = default;
  } mcp;

  /// The user's settings file, for messages that point at it.
  std::filesystem::path user_file;
  /// Values of the wrong type met while reading ("settings /ui/warm_up:
  /// expected true or false, ignored"); each such key has its default. They
  /// are also in settings.warnings().
  std::vector<std::string> warnings;

  bool operator==(const SettingsView&) const = default;
};

/// Reads every key of SettingsView from `settings`. Never fails: a value of
/// the wrong type gives the default and a warning; a number out of range
/// ("positive" above) gives the default silently.
SettingsView read_settings_view(const Settings& settings);

}  // namespace pair
