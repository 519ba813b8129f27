#include "tui/ui_queue.h"

#include <gtest/gtest.h>

#include <thread>

namespace pair::tui {
namespace {

TEST(UiBridge, FirstAnswerWinsAndClosingRefuses) {
  UiQueue q;
  UiBridge bridge(q);
  ApprovalRequest req{"bash", "bash: ls", "ls", "", "bash(ls)"};
  auto pending = bridge.ask_async(req);
  auto messages = q.drain();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_TRUE(pending->answer({ApprovalDecision::kAllowOnce, ""}));
  EXPECT_FALSE(pending->answer({ApprovalDecision::kDeny, ""}));
  EXPECT_EQ(pending->wait().decision, ApprovalDecision::kAllowOnce);

  ApprovalAnswer blocked;
  std::thread engine([&] { blocked = bridge.ask(req); });
  while (q.drain().empty()) std::this_thread::yield();
  bridge.close();
  engine.join();
  EXPECT_EQ(blocked.decision, ApprovalDecision::kDeny);
  EXPECT_EQ(bridge.ask(req).decision, ApprovalDecision::kDeny) << "after close: refused at once";
}

}  // namespace
}  // namespace pair::tui
