#pragma once
/// Approvals when nobody is there to ask: refuse, and tell the model why and
/// what the user could do about it.

#include "protocol/agent_event.h"

namespace pair {

class HeadlessApprovals : public ApprovalHandler {
 public:
  ApprovalAnswer ask(const ApprovalRequest& request) override;
};

}  // namespace pair
