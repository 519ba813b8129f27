#pragma once
/// What the terminal UI needs from the agent. src/app implements it over
/// Engine (app/tui_backend.h); tests can fake it. The UI never sees the core:
/// this interface and the protocol types are all it knows.
///
/// Thread affinity: the UI runs every "engine thread" method on one thread
/// of its own (the engine thread), one at a time; `submit` blocks for a whole
/// turn there. Methods marked "any thread" only read what never changes.

#include <chrono>
#include <cstdint>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "protocol/agent_event.h"
#include "protocol/model_provider.h"
#include "util/error.h"

namespace pair::tui {

struct ModelInfo {
  std::string name;      ///< the models.json entry
  std::string model_id;  ///< what the server calls it
  std::string url;
  int context_window = 0;  ///< tokens; 0 when unknown
};

struct ModelChoice {
  ModelInfo info;
  bool vision = false;  ///< purpose "imagevid": not for conversation
};

struct Reachability {
  bool reachable = false;
  bool checked = true;  ///< false: no quick check exists for this provider
  double ms = 0;
  std::string detail;  ///< "connection refused", "HTTP 401", ...
  std::string advice;  ///< when not reachable: what to do about it
};

struct SessionSummary {
  std::string id;
  std::string when;   ///< modification time, local, "2026-11-25 21:40"
  std::string title;  ///< the first user message, one line
  int messages = 0;
};

/// A file changed this session (/diff), or by the last turn (/undo).
struct FileDiff {
  std::string path;  ///< as shown: relative to the workspace when inside
  std::string diff;  ///< unified diff; empty when unknown (too large)
};

struct UndoResult {
  std::vector<std::string> restored, deleted, failed, commands;
  int turns_left = 0;
};

/// What /permissions shows.
struct PermissionsView {
  std::string mode;                ///< "default", "accept-edits", "bypass"
  std::vector<std::string> rules;  ///< one line each, in the order they apply
  std::string sandbox;             ///< one line on the bash sandbox
};

/// One MCP server of the session, for /mcp.
struct McpServerView {
  std::string name;
  std::string target;              ///< "stdio: COMMAND ..." or the URL
  std::string state;               ///< "running", "stopped: ...", "did not start: ...", ...
  std::vector<std::string> tools;  ///< offered to the model, `mcp__SERVER__TOOL`
  int64_t tokens = 0;              ///< their estimated cost per request
  std::string note;                ///< the budget's message, a changed tool list, or ""
};

class Backend {
 public:
  virtual ~Backend() = default;

  // --- engine thread ---
  /// Runs one user turn (see Engine::submit); events arrive through the
  /// handler the backend was created with, on this same thread. `shown`: the
  /// text as the prompt showed it (pastes as their labels), for a replay.
  virtual agent_event::TurnFinished submit(const std::string& text, const std::string& shown, std::stop_token stop) = 0;
  virtual Result<ModelInfo> switch_model(const std::string& name) = 0;
  /// Reads models.json again (/model), so entries added or edited since start
  /// are listed by `models()`. When a file is now invalid the list stays as it
  /// was and the error says which file and line.
  virtual Result<void> reload_models() = 0;
  /// /clear: an empty conversation; a new session starts with the next turn.
  virtual void clear() = 0;
  /// /compact: summarise older turns to free context; returns a line for the
  /// user. `focus` may be empty.
  virtual Result<std::string> compact(const std::string& focus, std::stop_token stop) = 0;
  /// At start-up, while the user types: makes a local model's server ready
  /// and sends the first request's fixed prefix so the first turn finds it
  /// cached. Quiet on failure (the first turn reports problems).
  virtual void warm_up(std::stop_token) {}
  virtual Result<UndoResult> undo() = 0;
  virtual std::vector<FileDiff> session_diff() = 0;
  virtual std::vector<SessionSummary> sessions() = 0;
  /// Replaces the conversation with a stored session; returns its messages.
  virtual Result<std::vector<Message>> resume(const std::string& id) = 0;
  /// The conversation so far (to show after `pair -c`).
  virtual std::vector<Message> messages() = 0;
  /// The permission mode, rules and sandbox in force (/permissions).
  virtual PermissionsView permissions() = 0;
  /// /mcp reload: the MCP servers stopped, their configuration read again
  /// and started anew; a line for the user (whether the tools changed, and
  /// so the prompt).
  virtual Result<std::string> reload_mcp(std::stop_token) { return std::string("No MCP servers in this session."); }

  // --- any thread (implementations guard what switch_model/clear change) ---
  virtual ModelInfo model() const = 0;
  /// How much the model thinks (`/think`): this session's setting, the
  /// model's own (models.json), and setting it for the session.
  virtual ReasoningOptions reasoning() const { return {}; }
  virtual ReasoningOptions configured_reasoning() const { return {}; }
  virtual void set_reasoning(const ReasoningOptions&) {}
  virtual std::vector<ModelChoice> models() const = 0;
  /// A quick request to the model's server (a short timeout). Blocks; the UI
  /// calls it from a thread of its own.
  virtual Reachability probe(const std::string& name) const = 0;
  virtual std::string session_id() const = 0;
  /// The session's MCP servers (/mcp), also while they start; none by
  /// default. May block briefly while a server restarts: call it from a
  /// thread of its own.
  virtual std::vector<McpServerView> mcp_servers() const { return {}; }
  virtual std::string workspace() const = 0;
  /// Why the permission rules (read_file's ask and deny rules) keep the file
  /// at `path` (absolute) from being attached to a message ("denied by the
  /// rule read_file(secrets/**)"), or nullopt when they do not. A message
  /// cannot ask, so an ask rule keeps it out too.
  virtual std::optional<std::string> attach_refusal(const std::string& path) const = 0;
};

}  // namespace pair::tui
