#pragma once
/// Approvals with an editor connected: a proposed edit or write opens in the
/// editor's diff view (openDiff) instead of, or beside, the front-end's own
/// question. Every other approval (bash, reads outside the workspace) goes to
/// the front-end's handler unchanged, and so does everything when no editor
/// is connected.
///
/// A front-end wraps its own handler:
///
///   HeadlessApprovals headless;                       // or the TUI's handler
///   IdeApprovals approvals(headless, ReviewMode::kEditorDecides);
///   ... Engine::create(options, approvals, ...);
///   approvals.set_reviewer(bridge.get());              // once connected
///
/// Answers: Accept in the editor allows the call; if the user edited the
/// proposal, the answer carries their content (the tool runner writes exactly
/// that). Reject denies it and the model is told it was rejected in the editor.
///
/// Thread affinity: `ask` runs on the agent's thread, like any handler; in
/// kEditorOrFrontEnd it waits for the editor on a helper thread while the
/// wrapped handler asks on the agent's thread.

#include <atomic>

#include "ide/diff_review.h"
#include "protocol/agent_event.h"

namespace pair {

enum class ReviewMode {
  /// Headless: the editor's decision is final. The wrapped handler is asked
  /// only when the editor cannot review (not connected, or it failed).
  kEditorDecides,
  /// Interactive (the terminal UI): the wrapped handler is asked at the same
  /// time, with `request.reviewer` set to the editor's name so it can show
  /// "waiting for review in VS Code" and still take y/n. The first answer
  /// wins; `request.stop` fires when the editor answered first, and the diff
  /// is closed when the terminal answered first. The wrapped handler must
  /// return promptly once `request.stop` is requested.
  kEditorOrFrontEnd,
};

class IdeApprovals : public ApprovalHandler {
 public:
  IdeApprovals(ApprovalHandler& front_end, ReviewMode mode, DiffReviewer* reviewer = nullptr)
      : front_end_(front_end), mode_(mode), reviewer_(reviewer) {}

  /// Connects (or, with nullptr, disconnects) the editor. Call between turns.
  void set_reviewer(DiffReviewer* reviewer) { reviewer_ = reviewer; }

  ApprovalAnswer ask(const ApprovalRequest& request) override;

 private:
  ApprovalAnswer editor_decides(const ApprovalRequest& request, const DiffRequest& diff);
  ApprovalAnswer first_answer_wins(const ApprovalRequest& request, const DiffRequest& diff);
  ApprovalAnswer answer_of(const DiffOutcome& outcome) const;

  ApprovalHandler& front_end_;
  ReviewMode mode_;
  DiffReviewer* reviewer_;
  std::string reviewer_name_;
  std::atomic<int> next_diff_{1};
};

}  // namespace pair
