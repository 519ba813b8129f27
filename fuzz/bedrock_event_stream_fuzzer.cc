// libFuzzer target for the AWS event-stream decoder (providers/bedrock_event_stream) and the
// ConverseStream decoding on top of it (providers/bedrock_converse_stream). Checks, beyond "no
// crash, no sanitizer report":
// - a frame that decodes re-encodes to exactly the same bytes;
// - feeding the input whole or cut into pieces (sizes from the first byte) gives the same messages
//   and the same outcome.
// Random bytes rarely carry valid CRCs, so when the first byte is odd the input's CRCs are first
// rewritten to match (frame by frame, as the lengths say): mutations then reach the header, payload
// and JSON decoding instead of stopping at the checksums.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <zlib.h>

#include "providers/bedrock_converse_stream.h"
#include "providers/bedrock_event_stream.h"

namespace {

using pair::EventStreamDecoder;
using pair::EventStreamMessage;
using pair::Result;

struct Run {
  std::vector<EventStreamMessage> messages;
  bool ok = true;
};

Run feed(std::string_view input, size_t piece, const pair::EventStreamLimits& limits) {
  Run run;
  EventStreamDecoder d(
      [&](const EventStreamMessage& m) -> Result<void> {
        run.messages.push_back(m);
        return {};
      },
      limits);
  for (size_t at = 0; at < input.size() && run.ok; at += piece) run.ok = d.feed(input.substr(at, piece)).has_value();
  return run;
}

uint32_t crc(std::string_view s) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

void put_u32(std::string& s, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = static_cast<char>(v >> (24 - 8 * i));
}

/// The input with each frame's prelude and message CRCs made right.
std::string with_valid_crcs(std::string_view input) {
  std::string s(input);
  size_t at = 0;
  while (s.size() - at >= 16) {
    uint32_t total = static_cast<uint32_t>(static_cast<unsigned char>(s[at])) << 24 |
                     static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16 |
                     static_cast<uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8 |
                     static_cast<uint32_t>(static_cast<unsigned char>(s[at + 3]));
    put_u32(s, at + 8, crc(std::string_view(s).substr(at, 8)));
    if (total < 16 || total > s.size() - at) break;
    put_u32(s, at + total - 4, crc(std::string_view(s).substr(at, total - 4)));
    at += total;
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string repaired;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  if (size > 1 && (data[0] & 1)) {
    repaired = with_valid_crcs(input.substr(1));
    input = repaired;
  }
  pair::EventStreamLimits limits;
  limits.max_message_bytes = 1 << 20;
  limits.max_headers_bytes = 1 << 16;

  if (auto m = pair::decode_event_stream_message(input, limits)) {
    if (pair::encode_event_stream_message(*m) != input) __builtin_trap();
  }

  size_t piece = size ? data[0] % 13 + 1 : 1;
  Run whole = feed(input, input.size() + 1, limits), cut = feed(input, piece, limits);
  if (whole.ok != cut.ok || whole.messages != cut.messages) __builtin_trap();

  pair::ConverseStreamDecoder converse([](const pair::ModelEvent&) {}, "fuzz");
  for (size_t at = 0; at < input.size(); at += piece)
    if (!converse.feed(input.substr(at, piece))) break;
  (void)converse.finish();
  return 0;
}
