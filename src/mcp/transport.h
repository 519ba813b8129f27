#pragma once
/// How JSON-RPC messages travel between pair and one MCP server: a child
/// process's stdin/stdout (stdio_transport.h) or Streamable HTTP
/// (http_transport.h). A transport moves message texts; it does not know
/// JSON-RPC ids or methods (mcp::Client does).

#include <functional>
#include <stop_token>
#include <string>

#include "util/error.h"

namespace pair::mcp {

class Transport {
 public:
  /// One message from the server: a single JSON value's text.
  using MessageHandler = std::function<void(std::string message)>;
  /// The connection ended (the process exited, the HTTP session was
  /// refused); `why` says how, for the user. Called at most once.
  using ClosedHandler = std::function<void(const Error& why)>;

  virtual ~Transport() = default;

  /// Set before open(). Handlers may be called on a transport's own thread
  /// (stdio) or from inside send() (HTTP answers a POST with the messages of
  /// its reply); they must not call send() themselves.
  virtual void set_handlers(MessageHandler on_message, ClosedHandler on_closed) = 0;
  /// A message that arrived but cannot be delivered (stdio: a line over the
  /// size cap, dropped). The connection goes on; the client fails the calls
  /// waiting for an answer with `why`. Set before open(); optional.
  using UndeliverableHandler = std::function<void(const Error& why)>;
  virtual void set_undeliverable_handler(UndeliverableHandler on_undeliverable) { (void)on_undeliverable; }
  /// Starts the process or checks the URL; errors say what to fix.
  virtual Result<void> open(std::stop_token stop) = 0;
  /// Sends one message (a JSON value's text, no newline inside).
  virtual Result<void> send(const std::string& message, std::stop_token stop) = 0;
  /// Told the negotiated revision after `initialize` (HTTP sends it as the
  /// MCP-Protocol-Version header on every later request).
  virtual void set_protocol_version(const std::string& version) { (void)version; }
  /// Ends the connection (stdio: close stdin, then SIGTERM/SIGKILL the
  /// process group; HTTP: DELETE the session). Safe to call twice.
  virtual void close() = 0;
  /// "stdio: npx -y @modelcontextprotocol/server-everything" or the URL.
  virtual std::string describe() const = 0;
};

}  // namespace pair::mcp
