#pragma once
/// How the engine thread talks to the UI thread: a queue of messages and an
/// eventfd the UI's poll() wakes on. Agent events are posted from the engine
/// thread as they happen; approvals block the engine thread until the UI
/// (or whoever answers first, e.g. an editor bridge) answers.

#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <variant>
#include <vector>

#include "protocol/agent_event.h"

namespace pair::tui {

/// A question waiting for the user. The first answer wins; later ones are
/// ignored. Thread-safe.
class PendingApproval {
 public:
  explicit PendingApproval(ApprovalRequest request) : request_(std::move(request)) {}
  const ApprovalRequest& request() const { return request_; }
  /// Answers; false when it was already answered.
  bool answer(ApprovalAnswer a);
  bool answered() const;
  /// Blocks until answered.
  ApprovalAnswer wait();

 private:
  ApprovalRequest request_;
  mutable std::mutex mu_;
  bool done_ = false;
  std::promise<ApprovalAnswer> promise_;
};

/// Work for the UI thread, posted from another thread.
using UiTask = std::function<void()>;
using UiMessage = std::variant<AgentEvent, std::shared_ptr<PendingApproval>, UiTask>;

class UiQueue {
 public:
  UiQueue();
  ~UiQueue();
  UiQueue(const UiQueue&) = delete;
  UiQueue& operator=(const UiQueue&) = delete;

  /// Any thread.
  void post(UiMessage m);
  /// UI thread: everything posted so far.
  std::vector<UiMessage> drain();
  /// Readable when messages wait (for poll).
  int fd() const { return fd_; }

 private:
  int fd_;
  std::mutex mu_;
  std::vector<UiMessage> items_;
};

/// The engine's approval handler and event sink, forwarding to the UI.
/// After `close()` (the UI is leaving) every question is refused at once.
class UiBridge : public ApprovalHandler {
 public:
  explicit UiBridge(UiQueue& queue) : queue_(queue) {}

  ApprovalAnswer ask(const ApprovalRequest& request) override;
  /// Shows the question and returns at once; the caller may answer it from
  /// elsewhere (an editor) or wait(). The UI withdraws it when answered.
  std::shared_ptr<PendingApproval> ask_async(const ApprovalRequest& request);
  AgentEventHandler event_handler();
  /// Refuses what is pending and everything asked later.
  void close();

 private:
  UiQueue& queue_;
  std::mutex mu_;
  bool closed_ = false;
  std::vector<std::weak_ptr<PendingApproval>> pending_;
};

}  // namespace pair::tui
