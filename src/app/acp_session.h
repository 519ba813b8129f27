#pragma once
/// One ACP session of `pair acp`: an engine for the editor's working
/// directory, its turns run on a thread of their own, what they do sent to
/// the editor as `session/update` notifications, and its approval questions
/// asked as `session/request_permission`. It reaches the session store and
/// the provider only through the engine.
///
/// Thread affinity: `open`, `prompt`, `cancel` and the destructor on the
/// connection's reader thread; the turn (events, `ask`) on the turn thread.

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "acp/json_rpc.h"
#include "acp/session_updates.h"
#include "app/acp_editor_files.h"
#include "app/acp_editor_terminal.h"
#include "app/engine.h"
#include "protocol/agent_event.h"

namespace pair {

class AcpSession : public ApprovalHandler {
 public:
  /// Creates the engine and opens the conversation `options.session` names
  /// (a new one, or a stored one to load). The tools read and write files
  /// through the editor where `offers` says it can (app/acp_editor_files.h),
  /// and bash runs an unsandboxed command in the editor's terminal when it
  /// offers one (app/acp_editor_terminal.h).
  /// Errors are the engine's: a configuration to fix, or no such session.
  static Result<std::unique_ptr<AcpSession>> open(acp::Connection& connection, EngineOptions options,
                                                  const acp::ClientCapabilities& offers = {});
  /// Cancels a running turn, waits for it, and closes the engine's session
  /// (its prompt cache saved as when a terminal session ends).
  ~AcpSession() override;

  /// The ACP session id: pair's own session id, so `pair --resume ID` and
  /// `session/load` find it.
  const std::string& id() const { return id_; }

  /// Starts a turn with `text` as the user's message. The turn's end is the
  /// answer to request `request_id` (a stopReason, or an error). `attached`
  /// are files the message mentions for attachment (acp_prompt_images.h),
  /// removed once the turn's message holds them, or at once when the turn
  /// does not start. Errors (kInvalidArgument): a turn is already running.
  Result<void> prompt(const nlohmann::json& request_id, std::string text,
                      std::vector<std::filesystem::path> attached = {});
  /// Stops the running turn, if any: its model request and tool processes
  /// end and it answers `cancelled`.
  void cancel();
  /// Whether the editor shows notices (its `session.notices` capability):
  /// then pair's notices and warnings are also sent to it. Before any turn.
  void send_notices(bool on) { send_notices_ = on; }
  /// Sends the stored conversation as session updates (session/load).
  void replay();
  /// Sends the first turn's prefix to the model's server ahead of the first
  /// prompt (Engine::warm_up; as the terminal UI does, unless /ui/warm_up is
  /// false), on the engine's thread: the first prompt waits for it, a
  /// cancel stops it. Its problems go to stderr: turns work without it.
  void start_warm_up();
  /// session/set_mode: pair's permission mode for the tool calls checked
  /// from now on (at once when no turn runs; else from the turn's next event).
  void set_mode(PermissionMode mode);
  /// The mode last set (the engine's options at first).
  PermissionMode mode() const { return mode_; }
  /// The models.json entries a conversation can use (not those for images
  /// and video only), and the one in use.
  std::vector<std::string> model_names() const;
  std::string model_name() const { return engine_->model().name; }
  /// Switches to another models.json entry; the conversation stays. A
  /// warm-up still running is stopped first. Errors: kInvalidArgument while a
  /// prompt runs; the engine's for an unknown or unusable entry.
  Result<void> switch_model(std::string_view name);

  ApprovalAnswer ask(const ApprovalRequest& request) override;

 private:
  explicit AcpSession(acp::Connection& connection, std::filesystem::path workspace)
      : connection_(connection), workspace_(std::move(workspace)) {}
  void on_event(const AgentEvent& event);
  void send(const nlohmann::json& update);
  /// A notice or warning: to stderr, and to the editor when it shows notices.
  void tell(std::string_view severity, const std::string& text);
  void run_turn(nlohmann::json request_id, std::string text, std::vector<std::filesystem::path> attached,
                std::stop_token stop);
  /// A file's text for a diff (nullopt: none there), as the tools see it:
  /// the editor's buffer when the editor reads files. Turn thread only.
  std::optional<std::string> text_of(const std::filesystem::path& path);
  /// The file an edit or write of `call` changes, when it is one.
  std::optional<std::filesystem::path> edited_path(const ToolCall& call) const;

  acp::Connection& connection_;
  std::filesystem::path workspace_;
  // Before the engine, which uses them: they outlive it.
  std::unique_ptr<AcpEditorFiles> files_;
  std::unique_ptr<AcpEditorTerminal> terminal_;  ///< null: the editor offers no terminal
  std::unique_ptr<Engine> engine_;
  std::string id_;

  bool send_notices_ = false;
  PermissionMode mode_ = PermissionMode::kDefault;
  /// A mode set while a turn runs, for the turn thread to apply (-1: none).
  std::atomic<int> pending_mode_ = -1;
  void apply_pending_mode();

  std::mutex turn_mu_;
  bool turn_running_ = false;
  std::jthread turn_;
  /// The warm-up's thread until a turn takes it over (and joins it first).
  std::thread warm_up_;
  std::stop_source warm_up_stop_;

  // Turn thread only.
  std::stop_token turn_stop_;         ///< the running turn's cancellation
  std::vector<ToolCall> open_calls_;  ///< proposed, not finished: the first is the one running or asking
  std::map<std::string, std::optional<std::string>> before_;  ///< an edited file's text before its call ran
  acp::AnswerEnd answer_end_ = acp::AnswerEnd::kWhole;        ///< of the turn running; reset when it starts
  std::set<std::string> rejected_rules_;                      ///< "reject always" answers, for this session
};

}  // namespace pair
