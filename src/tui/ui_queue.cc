#include "tui/ui_queue.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <stop_token>

namespace pair::tui {

bool PendingApproval::answer(ApprovalAnswer a) {
  std::lock_guard lock(mu_);
  if (done_) return false;
  done_ = true;
  promise_.set_value(std::move(a));
  return true;
}

bool PendingApproval::answered() const {
  std::lock_guard lock(mu_);
  return done_;
}

ApprovalAnswer PendingApproval::wait() {
  return promise_.get_future().get();
}

UiQueue::UiQueue() : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

UiQueue::~UiQueue() {
  if (fd_ >= 0) close(fd_);
}

void UiQueue::post(UiMessage m) {
  {
    std::lock_guard lock(mu_);
    items_.push_back(std::move(m));
  }
  uint64_t one = 1;
  (void)!write(fd_, &one, sizeof one);
}

std::vector<UiMessage> UiQueue::drain() {
  uint64_t count = 0;
  (void)!read(fd_, &count, sizeof count);
  std::lock_guard lock(mu_);
  return std::exchange(items_, {});
}

std::shared_ptr<PendingApproval> UiBridge::ask_async(const ApprovalRequest& request) {
  auto pending = std::make_shared<PendingApproval>(request);
  {
    std::lock_guard lock(mu_);
    if (closed_) {
      pending->answer({ApprovalDecision::kDeny, "pair is exiting"});
      return pending;
    }
    std::erase_if(pending_, [](const auto& w) { return w.expired(); });
    pending_.push_back(pending);
  }
  queue_.post(pending);
  return pending;
}

ApprovalAnswer UiBridge::ask(const ApprovalRequest& request) {
  auto pending = ask_async(request);
  // Answered elsewhere (the editor) or cancelled: close the question here, and wake the UI loop so
  // it takes the prompt down.
  std::stop_callback closed(request.stop, [this, pending] {
    if (pending->answer({ApprovalDecision::kDeny, "answered elsewhere"})) queue_.post(UiTask([] {}));
  });
  return pending->wait();
}

AgentEventHandler UiBridge::event_handler() {
  return [this](const AgentEvent& e) { queue_.post(e); };
}

void UiBridge::close() {
  std::vector<std::shared_ptr<PendingApproval>> open;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    for (auto& w : pending_)
      if (auto p = w.lock()) open.push_back(std::move(p));
    pending_.clear();
  }
  for (auto& p : open) p->answer({ApprovalDecision::kDeny, "pair is exiting"});
}

}  // namespace pair::tui
