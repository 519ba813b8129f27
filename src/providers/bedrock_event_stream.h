#pragma once
/// The `application/vnd.amazon.eventstream` binary framing that Bedrock's
/// streaming responses use. Each message:
///
///   total length (u32) | headers length (u32) | prelude CRC32 (u32)
///   headers | payload | message CRC32 (u32, over everything before it)
///
/// big-endian throughout; a header is name length (u8), name, type (u8), value.
/// The decoder takes bytes cut anywhere, checks both CRCs (zlib's CRC32) and
/// every length against the frame and against size limits before buffering,
/// so hostile input can neither overread nor make it allocate much.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

enum class EventHeaderType : uint8_t {
  kBoolTrue = 0,
  kBoolFalse = 1,
  kByte = 2,
  kShort = 3,
  kInt = 4,
  kLong = 5,
  kBytes = 6,
  kString = 7,
  kTimestamp = 8,  ///< milliseconds since the epoch
  kUuid = 9,       ///< 16 bytes
};

struct EventHeader {
  std::string name;
  EventHeaderType type = EventHeaderType::kString;
  int64_t integer = 0;  ///< byte, short, int, long, timestamp; 1/0 for the bools
  std::string bytes;    ///< string, bytes, uuid

  bool operator==(const EventHeader&) const = default;
};

struct EventStreamMessage {
  std::vector<EventHeader> headers;
  std::string payload;

  /// The first header called `name`, or null.
  const EventHeader* find(std::string_view name) const;
  /// The value of a string header, or empty when absent or of another type.
  std::string_view string_header(std::string_view name) const;

  bool operator==(const EventStreamMessage&) const = default;
};

struct EventStreamLimits {
  /// AWS allows 16 MiB of payload and 128 KiB of headers per message.
  size_t max_message_bytes = 16 * 1024 * 1024 + 128 * 1024 + 16;
  size_t max_headers_bytes = 128 * 1024;
};

/// Decodes one complete message (exactly one frame). Errors (kProtocol) say
/// which check failed.
Result<EventStreamMessage> decode_event_stream_message(std::string_view frame, const EventStreamLimits& limits = {});

/// Encodes a message; the inverse of decode_event_stream_message. Header
/// names and string/bytes values must fit their length fields.
std::string encode_event_stream_message(const EventStreamMessage& message);

/// Incremental decoder. Not thread-safe.
class EventStreamDecoder {
 public:
  /// Receives each complete message; an error stops decoding and is returned
  /// from `feed`.
  using Handler = std::function<Result<void>(const EventStreamMessage&)>;

  explicit EventStreamDecoder(Handler on_message, EventStreamLimits limits = {});

  /// Bytes as they arrive, cut anywhere. After an error every later call
  /// returns the same error.
  Result<void> feed(std::string_view bytes);
  /// True when no partial message is buffered (the stream may end here).
  bool at_boundary() const { return buffer_.size() == start_; }
  /// Messages decoded so far.
  size_t messages() const { return messages_; }

 private:
  Result<void> fail_with(Error e);

  Handler on_message_;
  EventStreamLimits limits_;
  std::string buffer_;
  size_t start_ = 0;  ///< where the next message begins in buffer_
  size_t messages_ = 0;
  std::optional<Error> error_;
};

}  // namespace pair
