#include "ide/ide_approvals.h"

#include <unistd.h>

#include <mutex>
#include <optional>
#include <thread>

namespace pair {

ApprovalAnswer IdeApprovals::ask(const ApprovalRequest& request) {
  if (!reviewer_ || !request.new_content || request.path.empty() || !reviewer_->can_review())
    return front_end_.ask(request);
  reviewer_name_ = reviewer_->reviewer_name();
  DiffRequest diff{"pair-" + std::to_string(::getpid()) + "-" + std::to_string(next_diff_++), request.path,
                   *request.new_content, request.summary};
  return mode_ == ReviewMode::kEditorDecides ? editor_decides(request, diff) : first_answer_wins(request, diff);
}

ApprovalAnswer IdeApprovals::editor_decides(const ApprovalRequest& request, const DiffRequest& diff) {
  auto outcome = reviewer_->open_diff(diff, request.stop);
  if (outcome) return answer_of(*outcome);
  if (outcome.error().code == ErrorCode::kCancelled) {
    reviewer_->close_diff(diff.diff_id);
    return {ApprovalDecision::kDeny, "cancelled while the change was open for review in " + reviewer_name_};
  }
  return front_end_.ask(request);  // the editor went away: the front-end's own way
}

ApprovalAnswer IdeApprovals::first_answer_wins(const ApprovalRequest& request, const DiffRequest& diff) {
  std::stop_source editor_stop;  // ends the wait for the editor
  std::stop_source local_stop;   // ends the front-end's question
  std::stop_callback on_cancel(request.stop, [&] {
    editor_stop.request_stop();
    local_stop.request_stop();
  });
  std::mutex mu;
  std::optional<Result<DiffOutcome>> editor_result;
  bool editor_decided = false;
  std::jthread editor([&] {
    auto r = reviewer_->open_diff(diff, editor_stop.get_token());
    std::lock_guard lock(mu);
    // Only a real decision ends the terminal's question; a failure leaves it open.
    editor_decided = r.has_value() && r->decision != DiffOutcome::Decision::kClosed;
    editor_result = std::move(r);
    if (editor_decided) local_stop.request_stop();
  });

  ApprovalRequest here = request;
  here.reviewer = reviewer_name_;
  here.stop = local_stop.get_token();
  ApprovalAnswer local = front_end_.ask(here);
  bool editor_first = false;
  {
    std::lock_guard lock(mu);
    editor_first = editor_decided;
  }
  editor_stop.request_stop();  // nothing left to wait for, if the editor has not answered
  editor.join();
  if (!editor_first) reviewer_->close_diff(diff.diff_id);
  if (request.stop.stop_requested())
    return {ApprovalDecision::kDeny, "cancelled while the change was open for review in " + reviewer_name_};
  return editor_first ? answer_of(**editor_result) : local;
}

ApprovalAnswer IdeApprovals::answer_of(const DiffOutcome& outcome) const {
  switch (outcome.decision) {
    case DiffOutcome::Decision::kAccepted: {
      ApprovalAnswer a{ApprovalDecision::kAllowOnce, ""};
      if (outcome.edited) a.content = outcome.content;
      return a;
    }
    case DiffOutcome::Decision::kRejected:
      return {ApprovalDecision::kDeny, "the user rejected the change in " + reviewer_name_ +
                                           (outcome.reason.empty() ? "" : " (" + outcome.reason + ")")};
    case DiffOutcome::Decision::kClosed:
      return {ApprovalDecision::kDeny, "the review in " + reviewer_name_ + " ended without a decision" +
                                           (outcome.reason.empty() ? "" : " (" + outcome.reason + ")")};
  }
  return {ApprovalDecision::kDeny, ""};
}

}  // namespace pair
