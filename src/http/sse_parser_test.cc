#include "http/sse_parser.h"

#include <gtest/gtest.h>

#include <random>

namespace pair {
namespace {

std::vector<SseEvent> parse_in_pieces(std::string_view stream, const std::vector<size_t>& cuts) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  size_t pos = 0;
  for (size_t cut : cuts) {
    EXPECT_TRUE(parser.feed(stream.substr(pos, cut - pos)).has_value());
    pos = cut;
  }
  EXPECT_TRUE(parser.feed(stream.substr(pos)).has_value());
  parser.finish();
  return events;
}

TEST(SseParser, ParsesEventsWithLfCrlfAndCr) {
  for (std::string nl : {"\n", "\r\n", "\r"}) {
    std::string s = "data: one" + nl + nl + "event: custom" + nl + "data: two" + nl + "data: lines" + nl + nl;
    auto events = parse_in_pieces(s, {});
    ASSERT_EQ(events.size(), 2u) << "newline " << (nl == "\n" ? "LF" : nl == "\r\n" ? "CRLF" : "CR");
    EXPECT_EQ(events[0].data, "one");
    EXPECT_EQ(events[1].event, "custom");
    EXPECT_EQ(events[1].data, "two\nlines");
  }
}

TEST(SseParser, CommentsAreCountedNotDispatched) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  ASSERT_TRUE(parser.feed(": keep-alive\n\n: ping\n\ndata: x\n\n").has_value());
  EXPECT_EQ(parser.comments_seen(), 2u);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "x");
}

TEST(SseParser, FieldWithoutSpaceAndUnknownFields) {
  auto events = parse_in_pieces("data:nospace\nretry: 10\nfoo: bar\nid: 7\n\n", {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "nospace");
  EXPECT_EQ(events[0].id, "7");
}

TEST(SseParser, LastEventIdAndRetryPersistAcrossEvents) {
  std::vector<SseEvent> events;
  SseParser parser([&](const SseEvent& e) { events.push_back(e); });
  EXPECT_EQ(parser.last_event_id(), "");
  EXPECT_FALSE(parser.retry_ms().has_value());
  // An id without data dispatches nothing but still moves the resume point.
  ASSERT_TRUE(parser.feed("id: a1\nretry: 2500\n\ndata: x\n\n").has_value());
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(parser.last_event_id(), "a1");
  EXPECT_EQ(parser.retry_ms(), 2500);
  ASSERT_TRUE(parser.feed("id: a2\nretry: soon\ndata: y\n\n").has_value());
  EXPECT_EQ(parser.last_event_id(), "a2");
  EXPECT_EQ(parser.retry_ms(), 2500);  // not a number: ignored
}

TEST(SseParser, EventWithoutDataIsNotDispatched) {
  auto events = parse_in_pieces("event: ping\n\ndata: real\n\n", {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "real");
}

TEST(SseParser, FinalEventWithoutBlankLineIsDeliveredAtFinish) {
  auto events = parse_in_pieces("data: [DONE]", {});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].data, "[DONE]");
}

// Every possible single cut, and every pair of cuts, must give the same events:
// mid-line, between CR and LF, inside a multi-byte UTF-8 character.
TEST(SseParser, SameEventsWhereverTheBytesAreCut) {
  std::string s =
      "data: {\"text\":\"h\xC3\xA9llo \xF0\x9F\x98\x80\"}\r\n\r\n: keep-alive\r\n\r\ndata: second\r\n"
      "data: part\r\n\r\ndata: [DONE]\r\n\r\n";
  auto expected = parse_in_pieces(s, {});
  ASSERT_EQ(expected.size(), 3u);
  EXPECT_EQ(expected[0].data, "{\"text\":\"h\xC3\xA9llo \xF0\x9F\x98\x80\"}");
  for (size_t i = 1; i < s.size(); ++i) {
    for (size_t j = i; j < s.size(); j += 3) {
      auto got = parse_in_pieces(s, {i, j});
      ASSERT_EQ(got.size(), expected.size()) << "cuts at " << i << "," << j;
      for (size_t k = 0; k < got.size(); ++k) EXPECT_EQ(got[k].data, expected[k].data) << "cuts at " << i << "," << j;
    }
  }
}

TEST(SseParser, ByteByByte) {
  std::string s = "data: a\r\n\r\ndata: b\n\n";
  std::vector<size_t> cuts;
  for (size_t i = 1; i < s.size(); ++i) cuts.push_back(i);
  auto events = parse_in_pieces(s, cuts);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].data, "b");
}

TEST(SseParser, OversizedEventIsAnErrorNotUnboundedMemory) {
  SseParser parser([](const SseEvent&) {}, /*max_event_bytes=*/1024);
  std::string big(600, 'x');
  ASSERT_TRUE(parser.feed("data: " + big).has_value());
  auto r = parser.feed(big);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kProtocol);
}

}  // namespace
}  // namespace pair
