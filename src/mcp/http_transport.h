#pragma once
/// MCP's Streamable HTTP transport (revision 2025-11-25) on pair's HttpClient:
/// one endpoint URL; every message is a POST whose reply is one JSON body, an
/// event stream of messages (delivered as they arrive; the POST ends with the
/// stream), or 202 Accepted with no body. The session id the server assigns
/// is echoed on every later request, the negotiated revision is sent as
/// MCP-Protocol-Version, configured headers (Authorization, ...) go on every
/// request, and close() ends the session with DELETE.
///
/// Thread-safe: send() may run on several threads at once (a tool call in
/// flight while another message goes out); each send uses its own connection.
/// Handlers run on the thread of the send() whose reply carries the message.
/// A request's event stream that ends before its response is resumed with a
/// GET carrying Last-Event-ID, after the pause the server asks for (`retry:`).
/// Once a session is established (the first send after the protocol version
/// is set), a background thread keeps a GET stream open for the messages the
/// server starts on its own (notifications/tools/list_changed, logging), and
/// reconnects it when it ends; a server that answers 405 offers none.

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "mcp/http_reply.h"
#include "mcp/mcp_types.h"
#include "mcp/transport.h"

namespace pair {
class HttpClient;
struct HttpRequest;
struct HttpResponse;
}  // namespace pair

namespace pair::mcp {

struct HttpTransportOptions {
  std::chrono::milliseconds connect_timeout{10'000};
  /// A reply silent this long (not a byte, keep-alive comments included)
  /// fails with kTimeout; a call's own time limit is the client's, through
  /// the stop token.
  std::chrono::milliseconds idle_timeout{600'000};
  /// One message (or a JSON body) larger than this is refused with a clear
  /// error instead of being held in memory.
  size_t max_message_bytes = 16 * 1024 * 1024;
  /// The pause before resuming a reply stream cut short when the server
  /// asked for none (an event's `retry:` field).
  std::chrono::milliseconds resume_delay{500};
  /// Keep the GET stream open once a session exists (off: replies to POSTs only).
  bool listen = true;
  /// How long close() waits for the server to acknowledge the DELETE.
  std::chrono::milliseconds close_timeout{3'000};
};

class HttpTransport final : public Transport {
 public:
  /// Uses `config`'s name, url, headers and source (for messages).
  explicit HttpTransport(const ServerConfig& config, HttpTransportOptions options = {});
  ~HttpTransport() override;

  void set_handlers(MessageHandler on_message, ClosedHandler on_closed) override;
  /// Checks the URL (http or https) and the headers (no line breaks); sends
  /// nothing: the first POST is the client's `initialize`. Errors (kConfig)
  /// name the server and its configuration file. Opening again after a
  /// session expired starts over without a session id.
  Result<void> open(std::stop_token stop) override;
  /// POSTs one message and returns when its reply has ended, every message in
  /// it delivered. Errors: kCancelled (stop requested), kTimeout, kConnection,
  /// kDisconnected (a reply stream that broke and could not be resumed; also:
  /// the session expired, HTTP 404; the closed handler
  /// hears it too and the next `initialize` starts a new session), kAuth
  /// (401/403: names the header to configure), kHttp (other statuses, with
  /// the start of the body), kWrongServer (a reply that is neither JSON nor an
  /// event stream), kProtocol (invalid JSON, a message over the size limit, a
  /// request's reply that ended without its response).
  Result<void> send(const std::string& message, std::stop_token stop) override;
  void set_protocol_version(const std::string& version) override;
  /// DELETEs the session when there is one (a server that refuses with 405
  /// keeps it; nothing else is reported). Later sends fail. Safe to call twice.
  void close() override;
  /// The endpoint's URL.
  std::string describe() const override;

  /// The session id the server assigned; empty before `initialize` is
  /// answered or after the session expired.
  std::string session_id() const;

 private:
  struct Snapshot {
    std::string session_id;
    std::vector<std::string> headers;
  };
  /// The headers of the next request and the session id they carry.
  Snapshot request_headers(bool with_body) const;
  /// Takes the first session id the server offers.
  void adopt_session_id(const std::string& id);
  /// Error for a reply with a status other than 2xx to a request that carried `session_id`.
  Error status_error(int status, const std::string& body, const std::string& session_id);
  /// The connection to the server is over (`why`): forgets `session_id` and
  /// reports the end once, so the client is closed and its user connects
  /// anew. Returns `why`.
  Error session_ended(Error why, const std::string& session_id);
  /// One HTTP exchange: a 2xx body read into `reader` (made when the reply
  /// starts; finished here), other statuses returned with their body.
  Result<HttpResponse> exchange(const HttpRequest& request, const std::string& awaited,
                                std::optional<ReplyReader>& reader, std::stop_token stop);
  /// Resumes a request's reply stream that ended before its response.
  Result<void> resume(const std::string& awaited, std::string last_event_id, std::optional<long> retry_ms,
                      std::stop_token stop);
  /// A GET of the event stream, resuming after `last_event_id` when set; the
  /// session id it carries goes to `*session_id`.
  HttpRequest stream_request(const std::string& last_event_id, std::string* session_id) const;
  /// Waits `delay`; false when `stop` ended the wait.
  static bool pause(std::chrono::milliseconds delay, std::stop_token stop);
  /// Starts the GET stream's thread when a session exists and none runs.
  void maybe_listen();
  /// The GET stream's thread (http_transport_listen.cc).
  void listen(std::stop_token stop);
  /// Stops that thread and waits for it.
  void stop_listening();
  std::unique_ptr<HttpClient> take_client();
  void return_client(std::unique_ptr<HttpClient> client);
  /// "MCP server 'NAME' (URL)".
  std::string where() const;

  std::string name_;
  std::string url_;
  std::vector<std::pair<std::string, std::string>> configured_headers_;
  std::string source_;
  HttpTransportOptions options_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;

  mutable std::mutex mu_;  // guards everything below
  std::string session_id_;
  std::string protocol_version_;
  bool opened_ = false;
  bool closed_ = false;
  bool closed_reported_ = false;
  std::vector<std::unique_ptr<HttpClient>> idle_clients_;  // one per send in flight, kept for reuse

  std::mutex listen_mu_;  // guards the three below; taken before mu_, never while holding it
  std::jthread listener_;
  bool listening_ = false;      ///< the thread runs (cleared by the thread as it ends)
  bool stream_offered_ = true;  ///< false once the server refused the GET (405, ...)
};

}  // namespace pair::mcp
