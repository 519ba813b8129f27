#pragma once
/// Reviewing a proposed file change in an editor's diff view: the interface
/// that IdeApprovals asks (the editor bridge implements it; tests fake it).

#include <stop_token>
#include <string>

#include "util/error.h"

namespace pair {

struct DiffRequest {
  std::string diff_id;  ///< unique among this client's open diffs
  std::string path;     ///< absolute
  std::string new_content;
  std::string summary;  ///< "edit src/a.cc (+3 -1)"
};

struct DiffOutcome {
  enum class Decision { kAccepted, kRejected, kClosed };
  Decision decision = Decision::kRejected;
  std::string content;  ///< kAccepted: what to write (the proposal, or the user's edit of it)
  bool edited = false;  ///< kAccepted: the user changed the proposal
  std::string reason;   ///< the editor's words for a rejection or a close
};

/// Thread-safe: open_diff may run on a helper thread while the others are
/// called from the agent's.
class DiffReviewer {
 public:
  virtual ~DiffReviewer() = default;
  /// Whether an editor is there to review right now.
  virtual bool can_review() = 0;
  /// The editor's name for the user: "Visual Studio Code".
  virtual std::string reviewer_name() = 0;
  /// Shows the change and waits for the user's decision. Errors: kCancelled
  /// when `stop` is requested (the diff may still be open: close_diff it),
  /// kConnection / kDisconnected / kProtocol when the editor cannot answer.
  virtual Result<DiffOutcome> open_diff(const DiffRequest& request, std::stop_token stop) = 0;
  /// Closes a diff nobody needs to decide any more (best effort).
  virtual void close_diff(const std::string& diff_id) = 0;
};

}  // namespace pair
