#pragma once
/// The body of one Streamable HTTP reply, read into JSON-RPC messages: either
/// one JSON value (`application/json`) or a server-sent event stream
/// (`text/event-stream`) whose `message` events carry one message each.
/// Used by HttpTransport; pure (no I/O), so the framing is tested on its own.

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http/sse_parser.h"
#include "mcp/transport.h"
#include "util/error.h"

namespace pair::mcp {

/// How a reply's body is framed, from its Content-Type header.
enum class ReplyFraming {
  kJson,         ///< application/json: one message (or, from servers of older revisions, an array of them)
  kEventStream,  ///< text/event-stream
  kOther,        ///< anything else: not an MCP endpoint's answer
};
ReplyFraming reply_framing(std::string_view content_type);

/// The JSON text (compact) of the `id` of `message` when it is a JSON-RPC
/// request (an object with both `method` and `id`); empty for notifications
/// and responses. Errors (kInvalidArgument) when `message` is not a JSON object.
Result<std::string> request_id_of(std::string_view message);

/// Reads one reply body as it arrives and hands each complete message to the
/// handler at once (a tool's progress notifications arrive before its result).
/// Not thread-safe: one reader per reply, used by the thread running it.
class ReplyReader {
 public:
  /// `awaited_id`: request_id_of() of the message the reply answers (empty:
  /// none awaited). `where` names the server in errors ("MCP server 'docs'
  /// (https://...)"). A message, or a JSON body, over `max_message_bytes` is
  /// an error (kProtocol), as is one that is not valid JSON.
  ReplyReader(ReplyFraming framing, std::string awaited_id, size_t max_message_bytes, std::string where,
              Transport::MessageHandler on_message);

  /// The next bytes of the body. After an error the reader delivers nothing more.
  Result<void> feed(std::string_view bytes);
  /// End of the body: delivers a JSON body, or an event stream's last event.
  Result<void> finish();
  /// Whether the response to the awaited request was among the messages.
  bool answered() const { return answered_; }
  bool event_stream() const { return sse_ != nullptr; }
  /// The `id` of the stream's last event (empty: none had one, or the body is
  /// JSON): where a GET with Last-Event-ID resumes a stream cut short.
  std::string last_event_id() const { return sse_ ? sse_->last_event_id() : std::string(); }
  /// The stream's `retry:` (ms): how long to wait before resuming it.
  std::optional<long> retry_ms() const { return sse_ ? sse_->retry_ms() : std::nullopt; }
  /// Messages delivered so far.
  size_t delivered() const { return delivered_; }

 private:
  void on_event(const SseEvent& event);
  Result<void> deliver(std::string message);

  ReplyFraming framing_;
  std::string awaited_id_;
  size_t max_message_bytes_;
  std::string where_;
  Transport::MessageHandler on_message_;
  std::unique_ptr<SseParser> sse_;
  std::string json_body_;
  std::optional<Error> error_;
  bool answered_ = false;
  size_t delivered_ = 0;
};

}  // namespace pair::mcp
