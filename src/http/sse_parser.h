#pragma once
/// Incremental parser for `text/event-stream` (the WHATWG server-sent events
/// format). Bytes may be cut anywhere: mid-line, mid-UTF-8, between CR and LF.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

struct SseEvent {
  std::string event;  ///< the `event:` field; empty means "message"
  std::string data;   ///< `data:` lines joined with '\n'
  std::string id;
};

class SseParser {
 public:
  using EventHandler = std::function<void(const SseEvent&)>;

  /// `max_event_bytes` bounds memory for a hostile or broken stream; a longer
  /// line or event is an error (kProtocol).
  explicit SseParser(EventHandler on_event, size_t max_event_bytes = 16 * 1024 * 1024);

  /// Feeds the next bytes; dispatches every event completed by them.
  Result<void> feed(std::string_view bytes);
  /// End of stream: a final event without its blank line is still delivered
  /// (servers that close right after the last data line).
  void finish();
  /// Number of comment lines (`: keep-alive`) seen; proof the server is alive.
  size_t comments_seen() const { return comments_; }
  /// The last `id:` field seen, kept across events (an event without data
  /// sets it too): where a client resumes a broken stream (Last-Event-ID).
  const std::string& last_event_id() const { return last_event_id_; }
  /// The last valid `retry:` field: how long (ms) the server asks a client to
  /// wait before reconnecting. Unset when the stream sent none.
  std::optional<long> retry_ms() const { return retry_ms_; }

 private:
  void process_line(std::string_view line);
  void dispatch();

  EventHandler on_event_;
  size_t max_event_bytes_;
  std::string line_;  // the line in progress
  bool last_was_cr_ = false;
  SseEvent pending_;
  bool has_data_ = false;
  size_t comments_ = 0;
  std::string last_event_id_;
  std::optional<long> retry_ms_;
};

}  // namespace pair
