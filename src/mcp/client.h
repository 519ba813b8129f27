#pragma once
/// The MCP client: JSON-RPC 2.0 over a Transport. Negotiates the protocol
/// revision in `initialize`, answers the server's `ping`, lists tools and
/// calls them with a timeout and cancellation (`notifications/cancelled`).
/// A `notifications/tools/list_changed` is only recorded: the caller re-reads
/// the list when it starts a session, never in the middle of one, so the
/// tools in the prompt stay byte-identical.

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mcp/mcp_types.h"
#include "mcp/transport.h"

namespace pair::mcp {

/// The protocol revisions pair speaks, newest first.
inline constexpr const char* kKnownProtocolVersions[] = {"2025-11-25", "2025-06-18", "2025-03-26"};

struct ClientOptions {
  std::string client_version = "0";  ///< clientInfo.version: pair's version
  /// Called (on the transport's thread; it must not block) when the server
  /// says its tool list changed.
  std::function<void()> on_tools_changed;
};

/// What the server said of itself in `initialize`.
struct ServerInfo {
  std::string name;
  std::string version;
  std::string protocol_version;  ///< the revision agreed on
  std::string instructions;
};

/// Thread-safe: list_tools and call_tool may overlap; connect() comes first,
/// close() (or the destructor) last.
class Client : public ServerConnection {
 public:
  Client(std::unique_ptr<Transport> transport, ClientOptions options);
  /// close().
  ~Client() override;
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  /// Opens the transport, sends `initialize` and, when the server's revision
  /// is one pair knows, `notifications/initialized`. Errors (kTimeout after
  /// `timeout`, kProtocol for an unknown revision or a malformed answer, the
  /// transport's own) leave the client closed.
  Result<void> connect(std::stop_token stop, std::chrono::milliseconds timeout);

  /// tools/list, every page. Tools the client refuses are left out; why is
  /// in take_warnings(). Clears tools_changed().
  Result<std::vector<ServerTool>> list_tools(std::stop_token stop) override;
  Result<CallResult> call_tool(const std::string& name, const std::string& arguments_json, std::stop_token stop,
                               std::chrono::milliseconds timeout) override;

  /// Whether `notifications/tools/list_changed` came since the last list.
  bool tools_changed() const { return tools_changed_; }
  /// Things the user should hear about once (skipped tools, stray output
  /// from the server), oldest first; the list is emptied.
  std::vector<std::string> take_warnings();
  /// Valid after connect() succeeded.
  const ServerInfo& server_info() const { return info_; }
  /// Why the connection ended (the server exited, close() was called);
  /// nullopt while it is up.
  std::optional<Error> closed_reason() const;
  /// Fails every waiting call, stops answering, closes the transport.
  void close();

 private:
  struct Pending;  // one call waiting for its answer

  /// Sends a request and waits for its answer; on `stop` or after `timeout`
  /// sends notifications/cancelled for it.
  Result<nlohmann::json> request(const std::string& method, nlohmann::json params, std::stop_token stop,
                                 std::chrono::milliseconds timeout);
  /// Queues a message for the writer thread (answers and notifications sent
  /// while a handler runs, which may not send itself).
  void post(nlohmann::json message);
  void write_loop(std::stop_token stop);
  void on_message(std::string text);
  void on_value(const nlohmann::json& message);
  void on_closed(const Error& why);
  /// Ends every waiting call with `why`.
  void fail_pending(const Error& why);
  void warn(std::string warning);
  std::string server_label() const;

  std::unique_ptr<Transport> transport_;
  ClientOptions options_;
  ServerInfo info_;
  std::atomic<bool> tools_changed_{false};

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable_any answered_;
  std::map<int64_t, std::shared_ptr<Pending>> pending_;
  int64_t next_id_ = 1;
  std::optional<Error> closed_;
  std::vector<std::string> warnings_;
  std::deque<std::string> outbox_;
  std::condition_variable_any outbox_ready_;
  std::jthread writer_;
};

}  // namespace pair::mcp
