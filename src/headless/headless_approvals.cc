#include "headless/headless_approvals.h"

namespace pair {

ApprovalAnswer HeadlessApprovals::ask(const ApprovalRequest&) {
  return {ApprovalDecision::kDeny,
          "pair is running non-interactively and its permission mode does not allow this. Tell the user what you "
          "would have done; they can rerun with --permission-mode accept-edits (file changes) or bypass (everything)"};
}

}  // namespace pair
