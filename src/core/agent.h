#pragma once
/// The agent loop: send the conversation to the model, run the tools it
/// calls, send the results back, until the model answers without calling a
/// tool. Front-ends drive it with `run_turn` and learn everything through
/// events; the loop never prints.
///
/// Thread affinity: one thread runs turns; `on_event` and the approval
/// handler are called on that thread. Cancel from any thread with the stop
/// token given to run_turn.

#include <chrono>
#include <filesystem>
#include <functional>
#include <set>
#include <stop_token>
#include <vector>

#include "core/context_tracker.h"
#include "core/error_advice.h"
#include "core/loop_guard.h"
#include "core/permissions.h"
#include "core/tool_images.h"
#include "core/tool_registry.h"
#include "core/tool_runner.h"
#include "protocol/agent_event.h"
#include "protocol/model_provider.h"

namespace pair {

struct AgentOptions {
  std::filesystem::path workspace;
  /// Model requests allowed in one user turn; 0: no limit.
  int max_turns = 0;
  GenerationOptions generation;
  ToolLimits tool_limits;
  /// Retries of a request that failed before the server sent anything
  /// (unreachable, 429, 502-504): work in progress is never thrown away.
  int max_retries = 3;
  std::chrono::milliseconds retry_delay{500};
  SandboxSettings sandbox;
  /// Compact automatically when the next request would pass this fraction
  /// of the window.
  double compact_at = 0.8;
  /// Hears about file writes and commands (the change journal); may be null.
  ChangeRecorder* changes = nullptr;
  /// The editor's files, for the tools (ToolContext::editor_files); may be null.
  EditorFiles* editor_files = nullptr;
  /// The editor's terminal, for bash (ToolContext::editor_terminal); may be null.
  EditorTerminal* editor_terminal = nullptr;
  /// Who shows the errors and which kind of model runs: the advice in an
  /// error names that front-end's commands and that model's settings.
  AdviceContext advice;
  /// Whether the model in use takes the images of tool results, and up to
  /// what size; set again with the model (set_tool_images).
  ToolImageOptions tool_images;
  /// When repeated calls with unchanged results are answered with a warning
  /// instead of being run, and when they end the turn (core/loop_guard.h).
  LoopGuardSettings loop_guard;
};

class Agent {
 public:
  Agent(AgentOptions options, ModelProvider& provider, const ToolRegistry& tools, PermissionPolicy& permissions,
        ApprovalHandler& approvals, AgentEventHandler on_event);

  /// Starts from an earlier conversation (resume). Tool calls left without a
  /// result (a crash mid-turn) get one saying they were interrupted; those
  /// repair messages are reported to the message observer too.
  void load_conversation(std::vector<Message> messages);
  const std::vector<Message>& messages() const { return messages_; }
  /// Switches the model mid-conversation; the conversation stays.
  void set_provider(ModelProvider& provider);
  /// The tool registry changed (tools added or removed between turns): the
  /// context estimate counts the tools as they are now.
  void tools_changed();
  /// Whether the model now in use is a local one pair runs (advice names
  /// its `ctx`); set with set_provider.
  void set_managed_model(bool managed) { options_.advice.managed_model = managed; }
  /// What the model now in use takes of images: the next tool results follow
  /// it, and a model that takes none is sent the conversation with its
  /// earlier images described (the conversation itself keeps them).
  void set_tool_images(const ToolImageOptions& o) { options_.tool_images = o; }
  /// The per-request window in tokens (0: unknown) and where it came from.
  void set_context_window(int64_t tokens, std::string source);
  int64_t context_window() const { return tracker_.window(); }
  /// Tokens the next request would take (estimate).
  int64_t context_used();
  void set_generation(const GenerationOptions& g) { options_.generation = g; }
  /// Sees every message appended to the conversation (the session store).
  void set_message_observer(std::function<void(const Message&)> observer) { observer_ = std::move(observer); }

  /// Sees the whole conversation when compaction rewrites it.
  void set_compaction_observer(std::function<void(const std::vector<Message>&)> observer) {
    compaction_observer_ = std::move(observer);
  }

  /// Sees the number of latest messages taken back out of the conversation
  /// (a refused exchange: the provider's content filter stopped the answer).
  void set_rewind_observer(std::function<void(size_t)> observer) { rewind_observer_ = std::move(observer); }

  /// Runs one user turn to its end. Returns the same TurnFinished it emits.
  /// An answer the provider's content filter or guardrail stopped takes the
  /// turn's messages (the prompt included) back out of the conversation, as
  /// the Agent Client Protocol's `refusal` says: a refused prompt left in
  /// would be refused again at every later request.
  agent_event::TurnFinished run_turn(Message user_message, std::stop_token stop = {});

  /// Compacts now (/compact), keeping `focus` in the summary. Emits Compacted.
  /// `after_overflow`: the server just refused the conversation, so nothing
  /// its size is sent again (the summary is made in chunks).
  Result<agent_event::Compacted> compact(const std::string& focus, bool automatic, std::stop_token stop = {},
                                         bool after_overflow = false);

 private:
  /// The tools' share of the context estimate, from the registry as it is now.
  void count_tools();
  struct Reply;
  void append(Message m);
  bool request_model(Reply& reply, std::stop_token stop, std::optional<Error>* error);
  void adopt_text_tool_calls(Message& m);
  void assign_ids(Message& m);
  /// Runs `p` unless the loop guard answers it instead; sets `*stopped` when
  /// the guard ends the turn (the call then gets a result saying so).
  ToolCallResult guarded_call(LoopGuard& guard, ToolRunner& runner, PreparedCall& p, const ToolContext& ctx,
                              std::optional<LoopCheck>* stopped);
  bool wait(std::chrono::milliseconds d, std::stop_token stop);
  /// Compacts when the next request would pass the threshold; an error when
  /// it cannot fit the window even then.
  std::optional<Error> fit_window(std::stop_token stop);
  int64_t answer_reserve() const;
  /// Why an answer that ended with finish reason "length" stopped: the window
  /// was full, or the answer reached its own token limit.
  agent_event::AnswerCutOff cut_off(const Reply& reply);
  std::optional<int64_t> exact_tokens(std::string_view text);

  AgentOptions options_;
  ModelProvider* provider_;
  const ToolRegistry& tools_;
  PermissionPolicy& permissions_;
  ApprovalHandler& approvals_;
  AgentEventHandler on_event_;
  std::function<void(const Message&)> observer_;
  std::function<void(const std::vector<Message>&)> compaction_observer_;
  std::function<void(size_t)> rewind_observer_;
  ContextTracker tracker_;
  bool tokenizer_available_ = true;
  std::stop_token current_stop_;
  std::vector<Message> messages_;
  std::set<std::string> call_ids_;
  int next_call_number_ = 1;
};

}  // namespace pair
