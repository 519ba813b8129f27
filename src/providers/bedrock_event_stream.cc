#include "providers/bedrock_event_stream.h"

#include <zlib.h>

namespace pair {
namespace {

constexpr size_t kPreludeBytes = 12;  // total length, headers length, prelude CRC
constexpr size_t kMinMessageBytes = kPreludeBytes + 4;

uint32_t read_u32(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

uint64_t read_be(std::string_view s, size_t at, size_t n) {
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) v = v << 8 | static_cast<unsigned char>(s[at + i]);
  return v;
}

void write_be(std::string& out, uint64_t v, size_t n) {
  for (size_t i = n; i-- > 0;) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint32_t crc(std::string_view s) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

std::unexpected<Error> bad(const std::string& what) {
  return fail(ErrorCode::kProtocol, "malformed event-stream message: " + what);
}

/// Checks the 12-byte prelude; returns the total length.
Result<size_t> check_prelude(std::string_view prelude, const EventStreamLimits& limits) {
  uint32_t total = read_u32(prelude, 0), headers = read_u32(prelude, 4), expected = read_u32(prelude, 8);
  if (crc(prelude.substr(0, 8)) != expected) return bad("prelude checksum mismatch (not an event stream?)");
  if (total < kMinMessageBytes) return bad("total length " + std::to_string(total) + " is below the minimum of 16");
  if (total > limits.max_message_bytes)
    return bad("message of " + std::to_string(total) + " bytes exceeds the limit of " +
               std::to_string(limits.max_message_bytes));
  if (headers > limits.max_headers_bytes)
    return bad("headers of " + std::to_string(headers) + " bytes exceed the limit of " +
               std::to_string(limits.max_headers_bytes));
  if (headers > total - kMinMessageBytes)
    return bad("headers length " + std::to_string(headers) + " does not fit a message of " + std::to_string(total) +
               " bytes");
  return static_cast<size_t>(total);
}

Result<std::vector<EventHeader>> parse_headers(std::string_view h) {
  std::vector<EventHeader> out;
  size_t at = 0;
  auto need = [&](size_t n) { return h.size() - at >= n; };
  while (at < h.size()) {
    EventHeader header;
    size_t name_len = static_cast<unsigned char>(h[at++]);
    if (name_len == 0) return bad("a header has an empty name");
    if (!need(name_len + 1)) return bad("a header name runs past the headers");
    header.name = std::string(h.substr(at, name_len));
    at += name_len;
    auto type = static_cast<unsigned char>(h[at++]);
    size_t width = 0;
    switch (type) {
      case 0:
      case 1: header.integer = type == 0 ? 1 : 0; break;
      case 2: width = 1; break;
      case 3: width = 2; break;
      case 4: width = 4; break;
      case 5:
      case 8: width = 8; break;
      case 6:
      case 7: {
        if (!need(2)) return bad("header \"" + header.name + "\" is cut off");
        size_t len = read_be(h, at, 2);
        at += 2;
        if (!need(len)) return bad("header \"" + header.name + "\" value runs past the headers");
        header.bytes = std::string(h.substr(at, len));
        at += len;
        break;
      }
      case 9:
        if (!need(16)) return bad("header \"" + header.name + "\" is cut off");
        header.bytes = std::string(h.substr(at, 16));
        at += 16;
        break;
      default: return bad("header \"" + header.name + "\" has unknown type " + std::to_string(type));
    }
    header.type = static_cast<EventHeaderType>(type);
    if (width) {
      if (!need(width)) return bad("header \"" + header.name + "\" is cut off");
      uint64_t raw = read_be(h, at, width);
      at += width;
      // Sign-extend: the integer types are signed two's complement.
      if (width < 8 && (raw >> (8 * width - 1)) & 1) raw |= ~uint64_t{0} << (8 * width);
      header.integer = static_cast<int64_t>(raw);
    }
    out.push_back(std::move(header));
  }
  return out;
}

}  // namespace

const EventHeader* EventStreamMessage::find(std::string_view name) const {
  for (const auto& h : headers)
    if (h.name == name) return &h;
  return nullptr;
}

std::string_view EventStreamMessage::string_header(std::string_view name) const {
  const EventHeader* h = find(name);
  return h && h->type == EventHeaderType::kString ? std::string_view(h->bytes) : std::string_view();
}

Result<EventStreamMessage> decode_event_stream_message(std::string_view frame, const EventStreamLimits& limits) {
  if (frame.size() < kMinMessageBytes) return bad("a frame of " + std::to_string(frame.size()) + " bytes is too short");
  auto total = check_prelude(frame.substr(0, kPreludeBytes), limits);
  if (!total) return std::unexpected(total.error());
  if (*total != frame.size())
    return bad("total length " + std::to_string(*total) + " differs from the frame's " + std::to_string(frame.size()));
  if (crc(frame.substr(0, frame.size() - 4)) != read_u32(frame, frame.size() - 4))
    return bad("message checksum mismatch");
  size_t headers_len = read_u32(frame, 4);
  auto headers = parse_headers(frame.substr(kPreludeBytes, headers_len));
  if (!headers) return std::unexpected(headers.error());
  EventStreamMessage m;
  m.headers = std::move(*headers);
  m.payload = std::string(frame.substr(kPreludeBytes + headers_len, frame.size() - kMinMessageBytes - headers_len));
  return m;
}

std::string encode_event_stream_message(const EventStreamMessage& message) {
  std::string headers;
  for (const auto& h : message.headers) {
    headers += static_cast<char>(h.name.size());
    headers += h.name;
    headers += static_cast<char>(h.type);
    switch (h.type) {
      case EventHeaderType::kBoolTrue:
      case EventHeaderType::kBoolFalse: break;
      case EventHeaderType::kByte: write_be(headers, static_cast<uint64_t>(h.integer), 1); break;
      case EventHeaderType::kShort: write_be(headers, static_cast<uint64_t>(h.integer), 2); break;
      case EventHeaderType::kInt: write_be(headers, static_cast<uint64_t>(h.integer), 4); break;
      case EventHeaderType::kLong:
      case EventHeaderType::kTimestamp: write_be(headers, static_cast<uint64_t>(h.integer), 8); break;
      case EventHeaderType::kBytes:
      case EventHeaderType::kString:
        write_be(headers, h.bytes.size(), 2);
        headers += h.bytes;
        break;
      case EventHeaderType::kUuid:
        headers += h.bytes.substr(0, 16) + std::string(16 - std::min<size_t>(16, h.bytes.size()), '\0');
        break;
    }
  }
  std::string out;
  write_be(out, kMinMessageBytes + headers.size() + message.payload.size(), 4);
  write_be(out, headers.size(), 4);
  write_be(out, crc(out), 4);
  out += headers;
  out += message.payload;
  write_be(out, crc(out), 4);
  return out;
}

EventStreamDecoder::EventStreamDecoder(Handler on_message, EventStreamLimits limits)
    : on_message_(std::move(on_message)), limits_(limits) {}

Result<void> EventStreamDecoder::fail_with(Error e) {
  error_ = e;
  return std::unexpected(std::move(e));
}

Result<void> EventStreamDecoder::feed(std::string_view bytes) {
  if (error_) return std::unexpected(*error_);
  buffer_.append(bytes);
  for (;;) {
    std::string_view pending = std::string_view(buffer_).substr(start_);
    if (pending.size() < kPreludeBytes) break;
    // The prelude is checked before its length is trusted: a corrupt length
    // never makes us wait for (or buffer) megabytes that are not coming.
    auto total = check_prelude(pending.substr(0, kPreludeBytes), limits_);
    if (!total) return fail_with(total.error());
    if (pending.size() < *total) break;
    auto message = decode_event_stream_message(pending.substr(0, *total), limits_);
    if (!message) return fail_with(message.error());
    start_ += *total;
    ++messages_;
    if (auto r = on_message_(*message); !r) return fail_with(r.error());
  }
  // Drop consumed bytes once they are the larger part of the buffer: linear overall.
  if (start_ > 0 && start_ * 2 >= buffer_.size()) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  return {};
}

}  // namespace pair
