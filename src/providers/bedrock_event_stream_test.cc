#include "providers/bedrock_event_stream.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

namespace pair {
namespace {

std::string from_hex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out += static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16));
  return out;
}

EventHeader str(std::string name, std::string value) {
  return {std::move(name), EventHeaderType::kString, 0, std::move(value)};
}

EventStreamMessage event(std::string type, std::string payload) {
  return {
      {str(":message-type", "event"), str(":event-type", std::move(type)), str(":content-type", "application/json")},
      std::move(payload)};
}

// Encoded by AWS's own @smithy/eventstream-codec (every header type but long).
const char* kSmithyFrame =
    "000000b2000000752f4a01ae0d3a6d6573736167652d747970650700056576656e740b3a6576656e742d74797065070011636f6e74656e"
    "74426c6f636b44656c7461017400016601016202fe017303fed4016904000111700362696e0600030001ff027473080000018bcfe5687b"
    "017509123e4567e89b12d3a4564266141740007b22636f6e74656e74426c6f636b496e646578223a302c2264656c7461223a7b2274657874"
    "223a224869227d7d7eea9af1";

TEST(EventStream, DecodesAFrameEncodedByAwsLibraries) {
  auto m = decode_event_stream_message(from_hex(kSmithyFrame));
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->string_header(":message-type"), "event");
  EXPECT_EQ(m->string_header(":event-type"), "contentBlockDelta");
  EXPECT_EQ(m->find("t")->type, EventHeaderType::kBoolTrue);
  EXPECT_EQ(m->find("t")->integer, 1);
  EXPECT_EQ(m->find("f")->type, EventHeaderType::kBoolFalse);
  EXPECT_EQ(m->find("b")->integer, -2);
  EXPECT_EQ(m->find("s")->integer, -300);
  EXPECT_EQ(m->find("i")->integer, 70000);
  EXPECT_EQ(m->find("bin")->type, EventHeaderType::kBytes);
  EXPECT_EQ(m->find("bin")->bytes, std::string("\0\1\xff", 3));
  EXPECT_EQ(m->find("ts")->type, EventHeaderType::kTimestamp);
  EXPECT_EQ(m->find("ts")->integer, 1700000000123);
  EXPECT_EQ(m->find("u")->type, EventHeaderType::kUuid);
  EXPECT_EQ(m->find("u")->bytes, from_hex("123e4567e89b12d3a456426614174000"));
  EXPECT_EQ(m->payload, R"({"contentBlockIndex":0,"delta":{"text":"Hi"}})");
  EXPECT_EQ(m->string_header("t"), "");  // not a string header
  EXPECT_EQ(m->find("missing"), nullptr);
  // Our encoder writes the same bytes.
  EXPECT_EQ(encode_event_stream_message(*m), from_hex(kSmithyFrame));
}

TEST(EventStream, RoundTripsEveryHeaderType) {
  EventStreamMessage m;
  m.headers = {{"t", EventHeaderType::kBoolTrue, 1, ""},
               {"f", EventHeaderType::kBoolFalse, 0, ""},
               {"b", EventHeaderType::kByte, -128, ""},
               {"s", EventHeaderType::kShort, 32767, ""},
               {"i", EventHeaderType::kInt, -2147483647 - 1, ""},
               {"l", EventHeaderType::kLong, -1234567890123456789, ""},
               {"x", EventHeaderType::kBytes, 0, std::string(300, '\xab')},
               {"s2", EventHeaderType::kString, 0, ""},
               {"ts", EventHeaderType::kTimestamp, 1, ""},
               {"u", EventHeaderType::kUuid, 0, std::string(16, '\x07')}};
  m.payload = std::string(1000, 'p');
  auto back = decode_event_stream_message(encode_event_stream_message(m));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, m);
  EventStreamMessage empty;
  auto e = decode_event_stream_message(encode_event_stream_message(empty));
  ASSERT_TRUE(e);
  EXPECT_EQ(*e, empty);
}

TEST(EventStream, FramesCutAtEveryByteBoundary) {
  std::vector<EventStreamMessage> sent = {
      event("messageStart", R"({"role":"assistant"})"), event("contentBlockDelta", R"({"delta":{"text":"Hello"}})"),
      EventStreamMessage{{str(":message-type", "event")}, ""}, event("messageStop", R"({"stopReason":"end_turn"})")};
  std::string stream;
  for (const auto& m : sent) stream += encode_event_stream_message(m);
  // Every single cut point, then every pair of cut points (three pieces).
  for (size_t a = 0; a <= stream.size(); ++a) {
    for (size_t b = a; b <= stream.size(); b += (a % 7 == 0 ? 1 : stream.size())) {
      std::vector<EventStreamMessage> got;
      EventStreamDecoder d([&](const EventStreamMessage& m) -> Result<void> {
        got.push_back(m);
        return {};
      });
      ASSERT_TRUE(d.feed(std::string_view(stream).substr(0, a)));
      ASSERT_TRUE(d.feed(std::string_view(stream).substr(a, b - a)));
      ASSERT_TRUE(d.feed(std::string_view(stream).substr(b)));
      ASSERT_EQ(got, sent) << "cut at " << a << " and " << b;
      EXPECT_TRUE(d.at_boundary());
    }
  }
  // One byte at a time.
  std::vector<EventStreamMessage> got;
  EventStreamDecoder d([&](const EventStreamMessage& m) -> Result<void> {
    got.push_back(m);
    return {};
  });
  for (size_t i = 0; i < stream.size(); ++i) ASSERT_TRUE(d.feed(stream.substr(i, 1)));
  EXPECT_TRUE(d.at_boundary());
  EXPECT_EQ(got, sent);
}

TEST(EventStream, PartialFrameIsNotABoundary) {
  std::string frame = encode_event_stream_message(event("x", "{}"));
  EventStreamDecoder d([](const EventStreamMessage&) -> Result<void> { return {}; });
  ASSERT_TRUE(d.feed(frame.substr(0, 5)));
  EXPECT_FALSE(d.at_boundary());
  ASSERT_TRUE(d.feed(frame.substr(5)));
  EXPECT_TRUE(d.at_boundary());
  EXPECT_EQ(d.messages(), 1u);
}

Result<void> feed_all(std::string_view bytes, EventStreamLimits limits = {}) {
  EventStreamDecoder d([](const EventStreamMessage&) -> Result<void> { return {}; }, limits);
  return d.feed(bytes);
}

void be32(std::string& out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (24 - 8 * i));
}

uint32_t crc_of(std::string_view s) {
  return static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(s.data()), static_cast<uInt>(s.size())));
}

/// A frame built by hand with correct CRCs: any headers block, any lengths.
std::string raw_frame(std::string_view headers, std::string_view payload, std::optional<uint32_t> total = {},
                      std::optional<uint32_t> headers_len = {}) {
  std::string f;
  be32(f, total.value_or(static_cast<uint32_t>(16 + headers.size() + payload.size())));
  be32(f, headers_len.value_or(static_cast<uint32_t>(headers.size())));
  be32(f, crc_of(f));
  f += headers;
  f += payload;
  be32(f, crc_of(f));
  return f;
}

TEST(EventStream, ChecksumsAreChecked) {
  std::string payload = R"({"delta":{"text":"x"}})";
  std::string frame = encode_event_stream_message(event("contentBlockDelta", payload));
  size_t headers = frame.size() - 16 - payload.size();
  ASSERT_EQ(raw_frame(frame.substr(12, headers), payload), frame);
  for (size_t i = 0; i < frame.size(); ++i) {
    std::string bad = frame;
    bad[i] = static_cast<char>(bad[i] ^ 0x20);
    auto r = feed_all(bad);
    ASSERT_FALSE(r) << "a corrupted byte " << i << " was accepted";
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
  }
  std::string bad = frame;
  bad[frame.size() - 10] ^= 1;  // payload
  auto r = feed_all(bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("message checksum mismatch"), std::string::npos);
  bad = frame;
  bad[1] ^= 1;  // total length
  r = feed_all(bad);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("prelude checksum mismatch"), std::string::npos);
}

TEST(EventStream, HostileLengthsAreRefusedBeforeBuffering) {
  EventStreamLimits small;
  small.max_message_bytes = 64;
  small.max_headers_bytes = 32;
  // A large message against a small limit: refused from its 12-byte prelude alone.
  std::string big = encode_event_stream_message(event("x", std::string(100, 'a')));
  auto r = feed_all(big.substr(0, 12), small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("exceeds the limit"), std::string::npos) << r.error().message;
  r = feed_all(raw_frame(std::string(40, 'h'), ""), small);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("headers of 40 bytes exceed the limit"), std::string::npos) << r.error().message;
  // With the default limits: 4 GiB announced is refused at once, not awaited.
  r = feed_all(raw_frame("", "", 0xffffffffu).substr(0, 12));
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("exceeds the limit"), std::string::npos);
  // Lengths that contradict each other.
  EXPECT_FALSE(feed_all(raw_frame("", "", 15)));
  EXPECT_FALSE(feed_all(raw_frame("", "", 16, 1)));
  EXPECT_FALSE(feed_all(raw_frame("", "", 0xfffffff0u, 0xfffffff0u).substr(0, 12)));
  // After an error the decoder stays failed.
  EventStreamDecoder d([](const EventStreamMessage&) -> Result<void> { return {}; }, small);
  EXPECT_FALSE(d.feed(big));
  EXPECT_FALSE(d.feed(encode_event_stream_message(event("x", "{}"))));
}

TEST(EventStream, MalformedHeadersAreRefused) {
  auto check = [](std::string headers, std::string_view why) {
    auto r = decode_event_stream_message(raw_frame(headers, "{}"));
    ASSERT_FALSE(r) << why;
    EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
    EXPECT_NE(r.error().message.find(why), std::string::npos) << r.error().message;
  };
  check(std::string("\0\7", 2), "empty name");
  check("\5ab", "runs past");
  check("\1a", "runs past");                                           // no type byte
  check("\1a\x0a", "unknown type 10");                                 // type 10 does not exist
  check("\1a\7\0", "cut off");                                         // string length cut
  check(std::string("\1a\7\0\5abc", 8), "runs past");                  // string shorter than its length
  check("\1a\4\0\0", "cut off");                                       // int32 with two bytes
  check(std::string("\1a\x09", 3) + std::string(15, 'u'), "cut off");  // uuid of 15 bytes
  check(std::string("\1a\5", 3) + std::string(7, '\0'), "cut off");    // int64 of 7 bytes
  // The same frames are fine when complete.
  EXPECT_TRUE(decode_event_stream_message(raw_frame(std::string("\1a\4\0\0\0\1", 7), "")));
  EXPECT_TRUE(decode_event_stream_message(raw_frame(std::string("\1a\x09", 3) + std::string(16, 'u'), "")));
  EventStreamMessage m{{str("name", "value")}, "{}"};
  std::string frame = encode_event_stream_message(m);
  EXPECT_TRUE(decode_event_stream_message(frame));
  EXPECT_FALSE(decode_event_stream_message(frame.substr(0, frame.size() - 1)));
  EXPECT_FALSE(decode_event_stream_message(frame + "x"));
  EXPECT_FALSE(decode_event_stream_message(""));
}

TEST(EventStream, SeedCorpusDecodesWithoutCrashing) {
  // The fuzzer's committed seeds, fed whole and byte by byte: never a crash, same result both ways.
  std::filesystem::path dir = std::filesystem::path(PAIR_SOURCE_DIR) / "fuzz" / "corpus" / "bedrock_event_stream";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string data = ss.str();
    size_t whole = 0, pieces = 0;
    EventStreamDecoder a([&](const EventStreamMessage&) -> Result<void> {
      ++whole;
      return {};
    });
    EventStreamDecoder b([&](const EventStreamMessage&) -> Result<void> {
      ++pieces;
      return {};
    });
    bool ok_a = a.feed(data).has_value(), ok_b = true;
    for (size_t i = 0; i < data.size() && ok_b; ++i) ok_b = b.feed(data.substr(i, 1)).has_value();
    EXPECT_EQ(ok_a, ok_b) << entry.path();
    EXPECT_EQ(whole, pieces) << entry.path();
    ++files;
  }
  EXPECT_GT(files, 0);
}

}  // namespace
}  // namespace pair
