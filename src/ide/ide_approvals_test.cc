#include "ide/ide_approvals.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace pair {
namespace {

using namespace std::chrono_literals;

/// An editor whose decision the test scripts; `hold` keeps it undecided until stopped.
class FakeReviewer : public DiffReviewer {
 public:
  bool available = true;
  bool hold = false;
  std::optional<Result<DiffOutcome>> outcome;
  std::chrono::milliseconds delay{0};
  std::vector<DiffRequest> opened;
  std::vector<std::string> closed;
  std::mutex mu;

  bool can_review() override { return available; }
  std::string reviewer_name() override { return "VS Code"; }
  Result<DiffOutcome> open_diff(const DiffRequest& r, std::stop_token stop) override {
    {
      std::lock_guard lock(mu);
      opened.push_back(r);
    }
    auto until = std::chrono::steady_clock::now() + delay;
    while (hold || std::chrono::steady_clock::now() < until) {
      if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "cancelled");
      std::this_thread::sleep_for(1ms);
    }
    return *outcome;
  }
  void close_diff(const std::string& id) override {
    std::lock_guard lock(mu);
    closed.push_back(id);
  }
};

/// The front-end's own handler: answers at once, or (wait) when its stop fires or `answer_now`.
class FakeFrontEnd : public ApprovalHandler {
 public:
  bool wait = false;
  bool answer_now = false;
  bool stopped = false;
  std::vector<ApprovalRequest> asked;
  ApprovalAnswer answer{ApprovalDecision::kDeny, "refused here"};

  ApprovalAnswer ask(const ApprovalRequest& r) override {
    asked.push_back(r);
    while (wait && !answer_now) {
      if (r.stop.stop_requested()) {
        stopped = true;
        return {ApprovalDecision::kDeny, "stopped"};
      }
      std::this_thread::sleep_for(1ms);
    }
    return answer;
  }
};

ApprovalRequest edit_request(std::stop_token stop = {}) {
  ApprovalRequest r{"edit_file", "edit a.txt (+1 -1)", "--- diff", "/ws/a.txt"};
  r.new_content = "new\n";
  r.stop = stop;
  return r;
}

/// Asks, and cancels the turn 20 ms later.
ApprovalAnswer ask_then_cancel(IdeApprovals& approvals) {
  std::stop_source stop;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(20ms);
    stop.request_stop();
  });
  return approvals.ask(edit_request(stop.get_token()));
}

DiffOutcome accepted(std::string content = "new\n", bool edited = false) {
  return {DiffOutcome::Decision::kAccepted, std::move(content), edited, ""};
}

TEST(IdeApprovalsTest, WithoutAnEditorTheFrontEndDecides) {
  FakeFrontEnd front;
  IdeApprovals approvals(front, ReviewMode::kEditorDecides);
  EXPECT_EQ(approvals.ask(edit_request()).reason, "refused here");
  FakeReviewer editor;
  editor.available = false;
  approvals.set_reviewer(&editor);
  EXPECT_EQ(approvals.ask(edit_request()).reason, "refused here");
  EXPECT_TRUE(editor.opened.empty());
}

TEST(IdeApprovalsTest, OnlyFileChangesGoToTheEditor) {
  FakeFrontEnd front;
  FakeReviewer editor;
  editor.outcome = accepted();
  IdeApprovals approvals(front, ReviewMode::kEditorDecides, &editor);
  ApprovalRequest bash{"bash", "bash: make", "make", ""};
  EXPECT_EQ(approvals.ask(bash).decision, ApprovalDecision::kDeny);
  EXPECT_EQ(front.asked.size(), 1u);
  EXPECT_TRUE(editor.opened.empty());
}

TEST(IdeApprovalsTest, AcceptAllowsAndAnEditedProposalCarriesTheContent) {
  FakeFrontEnd front;
  FakeReviewer editor;
  IdeApprovals approvals(front, ReviewMode::kEditorDecides, &editor);
  editor.outcome = accepted();
  ApprovalAnswer a = approvals.ask(edit_request());
  EXPECT_EQ(a.decision, ApprovalDecision::kAllowOnce);
  EXPECT_FALSE(a.content.has_value()) << "an unedited proposal runs the call as the model made it";
  ASSERT_EQ(editor.opened.size(), 1u);
  EXPECT_EQ(editor.opened[0].path, "/ws/a.txt");
  EXPECT_EQ(editor.opened[0].new_content, "new\n");
  EXPECT_EQ(editor.opened[0].summary, "edit a.txt (+1 -1)");

  editor.outcome = accepted("mine\n", true);
  a = approvals.ask(edit_request());
  EXPECT_EQ(a.decision, ApprovalDecision::kAllowOnce);
  EXPECT_EQ(a.content, "mine\n");
  EXPECT_NE(editor.opened[0].diff_id, editor.opened[1].diff_id);
  EXPECT_TRUE(front.asked.empty());
}

TEST(IdeApprovalsTest, RejectTellsTheModelWhere) {
  FakeFrontEnd front;
  FakeReviewer editor;
  editor.outcome = DiffOutcome{DiffOutcome::Decision::kRejected, "", false, "the user closed the diff"};
  IdeApprovals approvals(front, ReviewMode::kEditorDecides, &editor);
  ApprovalAnswer a = approvals.ask(edit_request());
  EXPECT_EQ(a.decision, ApprovalDecision::kDeny);
  EXPECT_EQ(a.reason, "the user rejected the change in VS Code (the user closed the diff)");
}

TEST(IdeApprovalsTest, AnEditorThatFailsFallsBackToTheFrontEnd) {
  FakeFrontEnd front;
  FakeReviewer editor;
  editor.outcome = fail(ErrorCode::kDisconnected, "gone");
  IdeApprovals approvals(front, ReviewMode::kEditorDecides, &editor);
  EXPECT_EQ(approvals.ask(edit_request()).reason, "refused here");
}

TEST(IdeApprovalsTest, CancellingTheTurnClosesTheDiff) {
  for (ReviewMode mode : {ReviewMode::kEditorDecides, ReviewMode::kEditorOrFrontEnd}) {
    FakeFrontEnd front;
    front.wait = true;
    FakeReviewer editor;
    editor.hold = true;
    IdeApprovals approvals(front, mode, &editor);
    ApprovalAnswer a = ask_then_cancel(approvals);
    EXPECT_EQ(a.decision, ApprovalDecision::kDeny);
    EXPECT_NE(a.reason.find("cancelled"), std::string::npos);
    ASSERT_EQ(editor.closed.size(), 1u);
    EXPECT_EQ(editor.closed[0], editor.opened[0].diff_id);
    EXPECT_EQ(front.stopped, mode == ReviewMode::kEditorOrFrontEnd) << "the terminal's question ends too";
  }
}

TEST(IdeApprovalsTest, RaceTheEditorAnswersFirst) {
  FakeFrontEnd front;
  front.wait = true;
  FakeReviewer editor;
  editor.delay = 20ms;
  editor.outcome = accepted("mine\n", true);
  IdeApprovals approvals(front, ReviewMode::kEditorOrFrontEnd, &editor);
  ApprovalAnswer a = approvals.ask(edit_request());
  EXPECT_EQ(a.decision, ApprovalDecision::kAllowOnce);
  EXPECT_EQ(a.content, "mine\n");
  ASSERT_EQ(front.asked.size(), 1u);
  EXPECT_EQ(front.asked[0].reviewer, "VS Code") << "the terminal shows: waiting for review in VS Code";
  EXPECT_TRUE(front.stopped) << "the terminal's question ends when the editor answered";
  EXPECT_TRUE(editor.closed.empty());
}

TEST(IdeApprovalsTest, RaceTheTerminalAnswersFirst) {
  FakeFrontEnd front;
  front.answer = {ApprovalDecision::kAllowAlways, ""};
  FakeReviewer editor;
  editor.hold = true;
  IdeApprovals approvals(front, ReviewMode::kEditorOrFrontEnd, &editor);
  ApprovalAnswer a = approvals.ask(edit_request());
  EXPECT_EQ(a.decision, ApprovalDecision::kAllowAlways);
  ASSERT_EQ(editor.closed.size(), 1u) << "the diff closes in the editor";
  EXPECT_EQ(editor.closed[0], editor.opened[0].diff_id);
}

}  // namespace
}  // namespace pair
