#pragma once
/// pair's client of the editor protocol (docs/ide-protocol.md): JSON-RPC 2.0
/// requests POSTed to `http://127.0.0.1:<port>/rpc` with the lock's bearer
/// token, and notifications read from the SSE stream `GET /events`.
///
/// Thread-safe: every call makes its own HTTP transfer, so a long openDiff on
/// one thread does not hold up getContext on another. The notification stream
/// runs on a thread of its own (start_events) and stops with the client.

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "ide/diff_review.h"
#include "ide/editor_context.h"
#include "ide/ide_lock.h"
#include "util/error.h"

namespace pair {

struct FileDiagnostics {
  std::string path;
  std::vector<EditorDiagnostic> diagnostics;
};

/// A notification from the editor (or the end of the stream).
struct IdeNotification {
  enum class Kind { kSelectionChanged, kSelectionQueued, kDisconnected, kOther };
  Kind kind = Kind::kOther;
  std::string method;
  std::optional<ActiveFile> active;       ///< kSelectionChanged (empty: no file open)
  std::optional<QueuedSelection> queued;  ///< kSelectionQueued
  int queued_count = 0;                   ///< kSelectionQueued: selections now waiting
};

using IdeNotificationHandler = std::function<void(const IdeNotification&)>;

class IdeClient {
 public:
  /// Connects with `initialize`. Errors: kConnection (nobody listens),
  /// kPermission (the editor refused the token: HTTP 401), kProtocol (an
  /// answer that is not the protocol, or another protocol version).
  static Result<std::unique_ptr<IdeClient>> connect(const IdeLock& lock, std::stop_token stop = {});
  ~IdeClient();
  IdeClient(const IdeClient&) = delete;
  IdeClient& operator=(const IdeClient&) = delete;

  const IdeLock& lock() const { return lock_; }
  /// The editor's own name and version, from `initialize`.
  const std::string& ide_name() const { return ide_name_; }
  const std::string& ide_version() const { return ide_version_; }

  /// `getContext`; `take_queued` hands the queued selections over (the
  /// editor forgets them).
  Result<EditorContext> get_context(bool take_queued, std::stop_token stop = {});
  /// `getDiagnostics` of one file (absolute path).
  Result<FileDiagnostics> get_diagnostics(const std::string& path, std::stop_token stop = {});
  /// `openDiff`: waits until the user decides (no time limit) or `stop`.
  Result<DiffOutcome> open_diff(const DiffRequest& request, std::stop_token stop);
  /// `closeDiff`: whether the diff was still open.
  Result<bool> close_diff(const std::string& diff_id);

  /// Opens the notification stream; `handler` runs on the stream's thread.
  /// While it is open the editor counts this session as connected. When it
  /// ends (the window closed) the handler gets kDisconnected and connected()
  /// turns false.
  void start_events(IdeNotificationHandler handler);
  /// False once the editor was found gone (the stream ended or a call could
  /// not connect).
  bool connected() const { return connected_; }

 private:
  explicit IdeClient(IdeLock lock) : lock_(std::move(lock)) {}
  /// One JSON-RPC request; its result.
  Result<nlohmann::json> call(const std::string& method, const std::string& params_json,
                              std::chrono::milliseconds idle_timeout, std::stop_token stop);
  void run_events(std::stop_token stop, const IdeNotificationHandler& handler);

  IdeLock lock_;
  std::string ide_name_, ide_version_;
  std::atomic<bool> connected_{true};
  std::atomic<int> next_id_{1};
  std::jthread events_;
};

}  // namespace pair
