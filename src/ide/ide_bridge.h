#pragma once
/// The editor bridge as a front-end uses it: find the editor window of the
/// workspace (lock files), connect, give the `<editor>` block for each user
/// message, and review proposed changes in the editor (DiffReviewer, for
/// IdeApprovals). When the window goes away (closed, reloaded), the next user
/// message looks for it again.
///
/// Thread affinity: connect and message_context on the thread that submits
/// turns (they never overlap a review); the DiffReviewer methods from any
/// thread during a turn.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "ide/diff_review.h"
#include "ide/editor_context.h"
#include "ide/ide_client.h"

namespace pair {

enum class IdeMode {
  kOff,       ///< --no-ide, or the setting off
  kAuto,      ///< connect when a window of this workspace is there; quiet otherwise
  kRequired,  ///< --ide: say why when none can be used
};

/// The mode from the flags (`--ide` true, `--no-ide` false), the setting
/// /ide/enabled, and where pair runs: an interactive session connects
/// automatically; a headless run only inside an editor's terminal
/// (TERM_PROGRAM=vscode, or PAIR_IDE_PORT set by "pair: Open in terminal"), so
/// a script or CI job never waits for a review nobody sees.
IdeMode ide_mode(std::optional<bool> flag, bool setting_enabled, bool interactive);

struct IdeBridgeOptions {
  std::filesystem::path workspace;  ///< absolute
  IdeMode mode = IdeMode::kAuto;
  std::filesystem::path lock_dir;     ///< empty: ide_lock_dir()
  std::optional<int> preferred_port;  ///< empty: from PAIR_IDE_PORT
  /// Selection changes, queued selections, disconnects: called on the
  /// notification stream's thread (the terminal UI shows them).
  IdeNotificationHandler on_notification;
};

class IdeBridge : public DiffReviewer {
 public:
  /// Finds and connects to the editor window; nullptr when the mode is off
  /// or none answers. `notices` receives what the user should know: in
  /// kRequired why no window could be used; in both modes which one was.
  static std::unique_ptr<IdeBridge> connect(const IdeBridgeOptions& options, std::vector<std::string>* notices);

  /// The `<editor>` block for the next user message (EditorContextTracker),
  /// queued selections handed over; empty when nothing changed or the editor
  /// cannot be reached. Reconnects first when the window went away.
  std::string message_context(std::stop_token stop = {});
  /// What went wrong lately (for a notice); cleared when read.
  std::vector<std::string> take_notices();

  /// The connection in use; null after the window went away, until the next
  /// message_context finds it again.
  const IdeClient* client() const { return client_.get(); }

  // DiffReviewer
  bool can_review() override { return client_ && client_->connected(); }
  std::string reviewer_name() override { return client_->ide_name(); }
  Result<DiffOutcome> open_diff(const DiffRequest& request, std::stop_token stop) override {
    return client_->open_diff(request, stop);
  }
  void close_diff(const std::string& diff_id) override { (void)client_->close_diff(diff_id); }

 private:
  explicit IdeBridge(IdeBridgeOptions options) : options_(std::move(options)) {}
  /// Scans the locks and connects to the first window that answers.
  bool attach(std::vector<std::string>* notices, bool verbose);

  IdeBridgeOptions options_;
  std::unique_ptr<IdeClient> client_;
  EditorContextTracker tracker_;
  std::vector<std::string> notices_;
};

}  // namespace pair
