#include "headless/headless_approvals.h"

namespace pair {

ApprovalAnswer HeadlessApprovals::ask(const ApprovalRequest& request) {
  if (output_) output_->refused(request);
  // The advice names what would help for this call: a rule for exactly it, and the mode only where a
  // mode short of bypass covers it (file changes).
  std::string text =
      "pair is running non-interactively and its permission mode does not allow this. Tell the user what you "
      "would have done; they can allow it with the rule \"" +
      request.rule + "\" in .pair/settings.json (permissions.allow), or rerun with --permission-mode ";
  text +=
      request.new_content ? "accept-edits (file changes in the project) or bypass (everything)" : "bypass (everything)";
  return {ApprovalDecision::kDeny, text};
}

}  // namespace pair
