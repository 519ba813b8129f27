#pragma once
/// What the agent tells a front-end (headless printer, terminal UI, editor
/// bridge) while it works. Front-ends consume these and answer approval
/// requests; they never reach into the core.

#include <cstdint>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <variant>

#include "protocol/message.h"
#include "protocol/model_event.h"
#include "util/error.h"

namespace pair {

/// How a turn ended.
enum class TurnOutcome {
  kCompleted,  ///< the model gave a final answer
  kMaxTurns,   ///< the --max-turns cap stopped the tool loop
  kCancelled,  ///< the user cancelled
  kError,      ///< a provider or fatal error; see TurnFinished::error
  /// The loop guard (core/loop_guard.h) ended the turn: the model kept making
  /// the same calls and getting the same results; TurnFinished::detail says which.
  kLoopDetected,
};

std::string_view turn_outcome_name(TurnOutcome o);

namespace agent_event {
/// A request to the model is about to be sent (one per model round-trip).
struct RequestStarted {
  int request_index = 0;
};
struct TextDelta {
  std::string text;
};
struct ReasoningDelta {
  std::string text;
};
/// The model has begun writing a tool call.
struct ToolCallStreaming {
  std::string name;
};
/// The model's message is complete (text, reasoning, tool calls).
struct AssistantMessage {
  Message message;
};
/// A tool is about to run (after any approval).
struct ToolStarted {
  ToolCall call;
  std::string summary;
  /// An edit or write that runs without a question (a rule or the mode allows
  /// it): the diff it applies, for front-ends to show; an approval question
  /// showed it already, so it is empty then, and for every other tool.
  std::string diff = {};
};
/// A tool call got its result (run, refused, or rejected as malformed).
struct ToolFinished {
  ToolCall call;
  std::string output;
  bool is_error = false;
};
struct Usage {
  TokenUsage usage;
};
struct Timings {
  ServerTimings timings;
};
struct Progress {
  PromptProgress progress;
};
/// How much of the model's window the next (or last) request takes.
struct ContextUsage {
  int64_t used = 0;         ///< tokens: the server's measurement, or an estimate before a request
  int64_t window = 0;       ///< 0 when unknown
  std::string source = {};  ///< where the window figure came from
  bool measured = false;
};
/// The conversation was compacted to fit the window.
struct Compacted {
  int64_t tokens_before = 0;
  int64_t tokens_after = 0;
  size_t summarized_messages = 0;
  size_t trimmed_outputs = 0;
  bool automatic = true;
};
/// Something the user should know that is not an error: a retry, a repair.
struct Notice {
  std::string text;
};
/// Something wrong that was ignored and that the user should fix (unknown
/// fields in models.json): every front-end shows it, a quiet one too.
struct Warning {
  std::string text;
};
/// The answer stopped at a token limit (finish reason "length"), or the
/// provider's content filter or guardrail stopped it: it is incomplete.
/// Front-ends say so, with advice that fits them.
struct AnswerCutOff {
  bool window_full = false;  ///< the context window was full; otherwise the answer's own limit (max_tokens)
  bool filtered = false;     ///< the provider refused: a content filter or guardrail, not a limit
  int64_t used = 0;          ///< tokens in the window when it stopped (the server's count where reported)
  int64_t window = 0;        ///< 0 when unknown
};
struct TurnFinished {
  TurnOutcome outcome = TurnOutcome::kCompleted;
  std::string final_text;  ///< the last assistant text of the turn
  int model_requests = 0;
  std::optional<Error> error;
  /// kLoopDetected: what repeated, as a sentence without advice ("read_file
  /// was called 5 times in a row ..."); front-ends add what to do next.
  std::string detail = {};
};
}  // namespace agent_event

using AgentEvent =
    std::variant<agent_event::RequestStarted, agent_event::TextDelta, agent_event::ReasoningDelta,
                 agent_event::ToolCallStreaming, agent_event::AssistantMessage, agent_event::ToolStarted,
                 agent_event::ToolFinished, agent_event::Usage, agent_event::Timings, agent_event::Progress,
                 agent_event::ContextUsage, agent_event::Compacted, agent_event::Notice, agent_event::Warning,
                 agent_event::AnswerCutOff, agent_event::TurnFinished>;

using AgentEventHandler = std::function<void(const AgentEvent&)>;

/// A question to the user before a tool with effects runs.
struct ApprovalRequest {
  std::string tool;     ///< tool name
  std::string summary;  ///< one line: "edit src/main.cc", "bash: make test"
  std::string detail;   ///< a unified diff for edits, the full command for bash
  std::string path;     ///< the file concerned, when there is one
  /// What an "always" answer allows from now on, as a permission rule:
  /// "edit_file(src/a.cc)", "bash(git status)" (see core/permissions.h).
  std::string rule = {};
  /// A file it reads or writes lies outside the workspace: front-ends say so.
  bool outside_workspace = false;
  /// Edits and writes: the file's whole content after the change (an editor
  /// shows it as a diff against the file on disk). Absent for other tools.
  std::optional<std::string> new_content = std::nullopt;
  /// Non-empty ("VS Code") while the same change is also open for review in
  /// that editor (ide/ide_approvals.h): show "waiting for review in VS Code"
  /// and keep accepting an answer here; the first answer wins.
  std::string reviewer = {};
  /// Requested when the turn is cancelled, or when the answer came from
  /// elsewhere (the editor): a handler that waits returns promptly then (its
  /// answer is ignored).
  std::stop_token stop = {};
};

enum class ApprovalDecision {
  kAllowOnce,
  kAllowAlways,  ///< from now on, by ApprovalRequest::rule (front-ends may save the rule)
  kDeny,
};

struct ApprovalAnswer {
  ApprovalDecision decision = ApprovalDecision::kDeny;
  std::string reason;  ///< told to the model when denied
  /// Allowed edits and writes only: the user changed the proposed content
  /// before accepting it (in an editor's diff); the file gets exactly this.
  std::optional<std::string> content = std::nullopt;
  /// kAllowAlways: where the front-end saved the rule ("~/.config/pair/projects.json,
  /// for this project"), listed as the rule's source; empty: for this session only.
  std::string saved_in = {};
};

/// Front-ends implement this; the agent calls it on its own thread and waits.
class ApprovalHandler {
 public:
  virtual ~ApprovalHandler() = default;
  virtual ApprovalAnswer ask(const ApprovalRequest& request) = 0;
};

}  // namespace pair
