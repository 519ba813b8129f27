#pragma once
/// Approvals when nobody is there to ask: refuse, and tell the model why and
/// what the user could do about it. Each refusal is also reported to the
/// output, which lists them when the run ends.

#include "headless/headless_output.h"
#include "protocol/agent_event.h"

namespace pair {

class HeadlessApprovals : public ApprovalHandler {
 public:
  HeadlessApprovals() = default;
  /// `output` outlives this handler and hears of every refusal.
  explicit HeadlessApprovals(HeadlessOutput& output) : output_(&output) {}
  ApprovalAnswer ask(const ApprovalRequest& request) override;

 private:
  HeadlessOutput* output_ = nullptr;
};

}  // namespace pair
