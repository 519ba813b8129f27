#pragma once
/// JSON-RPC 2.0 over newline-delimited messages, both ways: the peer's
/// requests and notifications go to handlers registered by method name, our
/// own requests wait for the peer's answers, and every line that is not a
/// well-formed message is answered with the error JSON-RPC defines for it
/// (-32700 not JSON, -32600 not a request, -32601 unknown method) without
/// ending the connection. Transport-free: lines come in through `receive`
/// and go out through the writer, so tests drive it with strings.
///
/// Thread affinity: `receive` on one reader thread; `respond`, `notify` and
/// `call` on any thread (writes are serialized, one whole line each).
/// Handlers run on the reader thread and must not block on `call`: a handler
/// that needs the peer's answer hands the work to another thread.

#include <nlohmann/json_fwd.hpp>

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <string_view>

#include "util/error.h"

namespace pair::acp {

/// The error codes JSON-RPC 2.0 reserves.
inline constexpr int kParseError = -32700;
inline constexpr int kInvalidRequest = -32600;
inline constexpr int kMethodNotFound = -32601;
inline constexpr int kInvalidParams = -32602;
inline constexpr int kInternalError = -32603;

class Connection {
 public:
  /// Writes one message (a line without its newline); called under a lock.
  using Writer = std::function<void(const std::string& line)>;
  /// A request from the peer: answer it exactly once with respond or
  /// respond_error (now or later, from any thread), passing `id` back.
  using RequestHandler = std::function<void(const nlohmann::json& id, const nlohmann::json& params)>;
  using NotificationHandler = std::function<void(const nlohmann::json& params)>;

  explicit Connection(Writer write);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// Registers the handler of a method; before the first `receive`.
  void on_request(std::string method, RequestHandler handler);
  void on_notification(std::string method, NotificationHandler handler);

  /// Handles one line from the peer. A blank line is ignored; a notification
  /// of an unknown method too (JSON-RPC answers no notification).
  void receive(std::string_view line);

  void respond(const nlohmann::json& id, const nlohmann::json& result);
  void respond_error(const nlohmann::json& id, int code, std::string_view message);
  void notify(std::string_view method, const nlohmann::json& params);

  /// Sends a request and waits for its answer: the result, or an error
  /// (kProtocol with the peer's code and message, kCancelled when `stop` is
  /// requested first, kDisconnected once the connection is closed).
  Result<nlohmann::json> call(std::string_view method, const nlohmann::json& params, std::stop_token stop = {});

  /// No more input will come: calls waiting now or later fail at once.
  void close();

 private:
  struct Pending;
  void handle(const nlohmann::json& message);
  void write(const nlohmann::json& message);
  void resolve(const nlohmann::json& message);

  Writer write_;
  std::mutex write_mu_;
  std::map<std::string, RequestHandler, std::less<>> requests_;
  std::map<std::string, NotificationHandler, std::less<>> notifications_;

  std::mutex calls_mu_;
  std::condition_variable_any calls_cv_;
  std::map<int64_t, std::shared_ptr<Pending>> pending_;
  int64_t next_id_ = 1;
  bool closed_ = false;
};

}  // namespace pair::acp
