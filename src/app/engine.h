#pragma once
/// One pair session, assembled: the model from models.json and its provider,
/// the tools, the permission policy, the agent loop, and the session file
/// that records it. Every front-end (headless, terminal UI, editor bridge)
/// drives this same engine and hears back only through events.
///
/// Thread affinity: one thread at a time (the terminal UI creates it, then
/// calls it only from its engine thread); `submit` blocks for the whole turn
/// (cancel it through its stop token from another thread).

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "app/mcp_servers.h"
#include "config/models_config.h"
#include "config/settings.h"
#include "config/settings_view.h"
#include "core/agent.h"
#include "core/change_journal.h"
#include "core/permissions.h"
#include "core/prompt_images.h"
#include "core/session_list.h"
#include "core/session_store.h"
#include "core/tool_registry.h"
#include "protocol/agent_event.h"

namespace pair {

/// Which conversation a front-end opens.
enum class SessionOpening {
  kNew,             ///< an empty conversation; its file is created with the first turn
  kContinueLatest,  ///< the newest session of this workspace (--continue)
  kResume,          ///< a session by id or unique id prefix (--resume ID)
};

struct SessionChoice {
  SessionOpening opening = SessionOpening::kNew;
  std::string id;  ///< for kResume
};

struct EngineOptions {
  std::filesystem::path workspace;  ///< absolute
  std::string model_name;           ///< empty: the default entry
  PermissionMode permission_mode = PermissionMode::kDefault;
  int max_turns = 0;
  std::filesystem::path sessions_root;  ///< where sessions are kept; empty: none (nothing recorded or found)
  bool record_session = true;           ///< false: --no-session (a resumed one is read, not appended to)
  SessionChoice session;                ///< what launch_engine opens
  /// A local model (models.json `gguf`/`hf`) starts even when the memory
  /// check says it does not fit (--force).
  bool force_fit = false;
  /// Progress while a local model's server starts or its file downloads
  /// ("loading qwen: 45% ..."); `transient` updates replace each other.
  /// Front-ends render it (headless: stderr). Optional.
  std::function<void(const std::string& text, bool transient)> on_local_progress;
  /// The front-end that shows the errors: their advice names its commands.
  FrontEnd front_end = FrontEnd::kHeadless;
  /// MCP servers a front-end adds for this session (an editor's, over ACP),
  /// started with the configured ones; a configured server of the same name wins.
  std::vector<mcp::ServerConfig> extra_mcp_servers;
  /// An editor that reads and writes files for the tools (ACP's fs/*); null:
  /// the disk. It outlives the engine.
  EditorFiles* editor_files = nullptr;
  /// An editor's terminal for bash commands that run unsandboxed (ACP's
  /// terminal/*); null: pair's own runner. It outlives the engine.
  EditorTerminal* editor_terminal = nullptr;
  /// Builds the provider for an entry; empty: the real one (tests inject fakes).
  std::function<Result<std::unique_ptr<ModelProvider>>(const ModelConfig&)> provider_factory;
};

/// What a warm-up request cost, from the server's timings (zeros when it
/// reported none).
struct WarmUpResult {
  bool sent = false;          ///< false: nothing to warm (resumed session, cloud model, after the first turn)
  int64_t prompt_tokens = 0;  ///< prompt_n + cache_n: the prefix now in the cache
  int64_t cached_tokens = 0;  ///< cache_n: of which were already there
  double prompt_ms = 0;
};

class Engine {
 public:
  /// Loads models.json and builds the provider. Errors are configuration
  /// errors (kConfig, kNotFound) with the file and line at fault.
  static Result<std::unique_ptr<Engine>> create(EngineOptions options, ApprovalHandler& approvals,
                                                AgentEventHandler on_event);
  ~Engine();

  /// Opens the conversation a front-end starts with. A new session's file is
  /// created with its first turn, so starting pair and leaving leaves nothing
  /// behind; a continued or resumed one is loaded and appended to from now
  /// on, continuing byte for byte as it was (the prompt cache still matches),
  /// and its saved KV cache is restored when the server is made ready.
  /// Errors: kNotFound (no such session: the message says what to run),
  /// kIo/kParse for an unreadable file.
  Result<void> open_session(const SessionChoice& choice);
  /// Closes the open session: saves the server's KV cache of the conversation
  /// (llama-server with --slot-save-path; not after a cancelled turn) so a
  /// later --continue need not re-read the prompt. Every front-end calls it
  /// when it ends, and the engine itself before /clear or /resume replaces
  /// the conversation. Returns a problem worth telling the user (also sent
  /// as a Notice), if any: not a server that keeps no slot files, which is
  /// only a Notice. Idempotent.
  std::optional<std::string> close_session(std::stop_token stop = {});
  /// For a front-end as pair exits: one line for each model server pair
  /// manages that this engine used (started or reused) and that still runs,
  /// with the memory it holds and `pair server stop` to free it.
  std::vector<std::string> servers_left_running() const;
  /// /resume: closes the open session and opens the stored one `id`.
  Result<void> resume(std::string_view id);
  /// The project's other recorded sessions, newest first (/resume's list).
  std::vector<SessionListing> recent_sessions(size_t max) const;

  /// Makes the selected model ready. For a local model (models.json `gguf`
  /// or `hf`) it starts, or reuses, its server and waits while it loads
  /// (downloading an `hf` model first). Then, for every model, it asks the
  /// server its window and slots and restores a resumed session's prompt
  /// cache (prepare_server). `submit`, `compact` and `warm_up` call it; front-ends call it first to
  /// show progress and errors before the first prompt. Errors: kConfig (does
  /// not fit: the message shows the numbers and --force; port taken), kNotFound
  /// (model file, llama.cpp), kConnection (the server died while loading).
  Result<void> prepare(std::stop_token stop = {});

  /// Warm-up: sends the prefix the first turn will send (system prompt, the
  /// tools and the workspace context block that opens the first user
  /// message), generating one token at most (max_tokens 1), so the server's
  /// prompt cache holds it and the first turn pays only for the user's own
  /// words. The workspace facts are gathered here, once; the first `submit`
  /// reuses the very same bytes. Call it on the engine's thread before the
  /// first submit, e.g. when an interactive front-end starts (while the user
  /// types); it blocks until the server has read the prefix (cancel with
  /// `stop`). Does nothing for a resumed session, after the first turn, or
  /// for a remote (cloud) model, whose requests cost money. An error is not
  /// fatal: turns work without a warm cache.
  Result<WarmUpResult> warm_up(std::stop_token stop = {});

  /// Runs one user turn. The first message of a session carries the
  /// workspace context ahead of the user's text. `shown` is the text as the
  /// user saw it typed (pastes as labels), kept for a replay (Message::shown).
  agent_event::TurnFinished submit(const std::string& text, std::stop_token stop = {}, const std::string& shown = "");

  /// Text appended to each user message (after a blank line) when non-empty:
  /// the editor bridge's `<editor>` block (ide/ide_bridge.h). Called on the
  /// submitting thread at the start of each submit. It goes into the user
  /// message, never the system prompt, so the cached prefix stays intact.
  void set_message_context(std::function<std::string(std::stop_token)> provider) {
    message_context_ = std::move(provider);
  }
  const Settings& settings() const { return *settings_; }
  /// The same settings, for a front-end that changes them (/settings): the
  /// files change at once; what the engine reads comes from settings_view(),
  /// read at create, so a change to its keys applies at the next start.
  Settings& settings() { return *settings_; }
  /// Every setting, typed, as read when the engine was created
  /// (config/settings_view.h says why it is a snapshot).
  const SettingsView& settings_view() const { return view_; }
  /// The mode and rules in force (settings.json's and this session's "always" answers).
  const PermissionPolicy& permissions() const { return *permissions_; }
  /// Changes the permission mode for the calls checked from now on (an
  /// editor's session/set_mode). Engine thread, or while no turn runs.
  void set_permission_mode(PermissionMode mode) { permissions_->set_mode(mode); }
  /// How much the model thinks in this session: what `/think` set, else
  /// models.json's `reasoning` of the current model.
  ReasoningOptions reasoning() const;
  /// The current model's own setting (models.json's `reasoning`).
  ReasoningOptions configured_reasoning() const;
  /// Sets it for the rest of the session (a model switch keeps it). Request
  /// fields only: the prompt, and so the server's cache, stay as they are.
  void set_reasoning(const ReasoningOptions& reasoning);

  /// A quick check of a models.json entry's server (/model's list), with the
  /// key, headers and signing a request would use. `detail` is a short label
  /// of what is wrong ("connection refused", "API key refused (HTTP 401)"),
  /// empty when ready. Any thread: it reads only the loaded models.json
  /// (under a lock, as reload_models may replace it).
  struct Reachability {
    bool checked = true;  ///< false: no quick check for this provider
    bool reachable = false;
    double ms = 0;
    std::string detail;
    std::string advice;  ///< what to do when not reachable: "start its server at URL, or ..."
  };
  Reachability probe_model(std::string_view name, std::chrono::milliseconds timeout) const;

  /// Reads models.json again (the user's file and the project's, with the
  /// same trust as at create), so entries added or changed since start can be
  /// chosen. A file that is now invalid changes nothing: the entries read
  /// before stay and the error (which file, which line) is returned. The
  /// current model stays as chosen until the next switch. Engine thread.
  Result<void> reload_models();

  /// Switches to another models.json entry; the conversation stays.
  Result<void> switch_model(std::string_view name);

  /// Compacts the conversation now (/compact), keeping `focus` in the summary.
  Result<agent_event::Compacted> compact(const std::string& focus, std::stop_token stop = {});
  /// Tokens the next request would take, and the window (0: unknown).
  int64_t context_used() { return agent_->context_used(); }
  int64_t context_window() const { return agent_->context_window(); }

  /// How `@image.png` mentions are handled for the current model. `submit`
  /// attaches them; a front-end can call attach_prompt_images with these
  /// options to preview what will be attached while the user types.
  PromptImageOptions prompt_image_options() const;
  /// Starts an empty conversation (a new session, recorded from its first
  /// turn). The model stays.
  void new_conversation();
  /// Reverts the file changes of the latest turn that made any (the change
  /// journal). The model hears about it at the start of the next message.
  Result<UndoReport> undo_last_turn();
  /// Files changed in this conversation: as first seen, and now.
  std::vector<SessionFileChange> session_changes() const { return journal_.session_changes(); }
  /// Whether this conversation has a session file yet.
  bool recording() const { return writer_ != nullptr; }

  const SessionInfo& session() const { return session_; }
  const ModelConfig& model() const { return model_; }
  const ModelsFile& models() const { return models_; }
  const ToolRegistry& tools() const { return tools_; }
  /// Waits for the MCP servers still starting (each at most its startup
  /// timeout, counted from create) and adds their tools after pair's own,
  /// once: until then requests would go without them. prepare calls it; a
  /// front-end that lists the tools before prepare calls it first. Engine
  /// thread. kCancelled when `stop` ended the wait (call again).
  Result<void> finish_mcp_start(std::stop_token stop = {});
  /// What /mcp reload did.
  struct McpReload {
    size_t servers = 0;          ///< configured and enabled now
    size_t tools = 0;            ///< MCP tools offered now
    bool tools_changed = false;  ///< the requests' tools differ from before
  };
  /// /mcp reload: stops the MCP servers, reads the configuration again (the
  /// same trust as at create) and starts the servers anew, waiting for them;
  /// their tools replace the old ones. When they differ, the next request's
  /// prompt differs from its start and a local server reads all of it again.
  /// Engine thread, between turns.
  Result<McpReload> reload_mcp_servers(std::stop_token stop = {});
  /// The session's MCP servers, for /mcp: state, tools, cost. Any thread.
  std::vector<McpServerStatus> mcp_servers() const;
  const std::vector<Message>& messages() const { return agent_->messages(); }
  bool resumed() const { return resumed_; }

 private:
  /// The request options of this session's requests: the model's, with `/think`'s choice.
  GenerationOptions session_generation() const;
  std::optional<ReasoningOptions> reasoning_override_;
  Engine() = default;
  void record(const Message& m);
  /// A session write failed: say so once and stop recording (a later record
  /// on top of a missing one would resume into the wrong conversation).
  void stop_recording(const Error& e);
  /// Creates the session file of a new conversation (first turn).
  void start_recording();
  Result<void> load_session_file(const std::filesystem::path& file);
  /// The KV cache of the conversation to the server's slot files.
  std::optional<std::string> save_prompt_cache(std::stop_token stop);
  /// For a managed model whose server pair started: whether it has exited
  /// since it was made ready (then prepare starts it again).
  bool managed_server_exited() const;
  /// Part of prepare, once per provider: the window, the slot, and the
  /// saved prompt cache of a resumed session.
  void prepare_server(std::stop_token stop);
  /// The context block that opens the first user message: gathered once.
  const std::string& context_block();
  Result<std::unique_ptr<ModelProvider>> build_provider(const ModelConfig& m) const;
  /// The configured MCP servers (user's, and a trusted project's): their
  /// start begun (finish_mcp_start adds their tools). The number of servers.
  size_t start_mcp_servers();

  EngineOptions options_;
  mutable std::mutex models_mu_;  ///< guards models_: probe_model reads it from other threads
  ModelsFile models_;
  ModelConfig model_;
  std::unique_ptr<ModelProvider> provider_;
  /// Declared before tools_: the MCP tools share their servers with it.
  /// Replaced on the engine thread (reload), under mcp_mu_ for mcp_servers().
  std::unique_ptr<McpServerSet> mcp_;
  mutable std::mutex mcp_mu_;
  ToolRegistry tools_;
  std::unique_ptr<PermissionPolicy> permissions_;
  std::unique_ptr<Agent> agent_;
  std::unique_ptr<SessionWriter> writer_;
  SessionInfo session_;
  AgentEventHandler on_event_;
  bool resumed_ = false;
  /// Off with --no-session, or after a write failed.
  bool record_ = false;
  /// Whether the conversation changed since the prompt cache was last saved
  /// (and the last turn was not cancelled).
  bool cache_unsaved_ = false;
  /// The managed server was started or reused by pair (it has a record):
  /// its exit is noticed before each request.
  bool watch_server_ = false;
  /// The ports of the managed servers this engine used (servers_left_running).
  std::vector<int> managed_ports_;
  bool analyze_media_ = false;
  std::optional<PromptCacheRecord> saved_cache_;  ///< from the resumed session, until restored
  std::unique_ptr<Settings> settings_;
  SettingsView view_;  ///< read from settings_ once, in create
  FileChangeJournal journal_;
  std::string pending_note_;  ///< told to the model ahead of the next message
  std::function<std::string(std::stop_token)> message_context_;
  bool prepared_ = false;
  bool mcp_tools_added_ = false;  ///< finish_mcp_start has added the MCP tools
  std::optional<std::string> context_block_;
};

}  // namespace pair
