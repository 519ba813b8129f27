#include "acp/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace pair::acp {
namespace {

struct Read {
  std::vector<std::string> lines;
  std::vector<size_t> oversized;
};

/// Writes `input` into a pipe in pieces of `piece` bytes and reads it back.
Read read_all(const std::string& input, size_t max, size_t piece) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  std::thread writer([&] {
    for (size_t i = 0; i < input.size(); i += piece) {
      std::string_view part = std::string_view(input).substr(i, piece);
      EXPECT_EQ(::write(fds[1], part.data(), part.size()), static_cast<ssize_t>(part.size()));
    }
    ::close(fds[1]);
  });
  Read r;
  auto done = read_lines(
      fds[0], max,
      {[&](std::string_view l) { r.lines.emplace_back(l); }, [&](size_t bytes) { r.oversized.push_back(bytes); }});
  writer.join();
  ::close(fds[0]);
  EXPECT_TRUE(done.has_value());
  return r;
}

TEST(AcpLineReader, SplitsLinesWhateverThePiecesAndDropsCarriageReturns) {
  for (size_t piece : {1u, 3u, 100u}) {
    Read r = read_all("one\r\ntwo\n\nthree", 100, piece);
    EXPECT_EQ(r.lines, (std::vector<std::string>{"one", "two", "", "three"})) << piece;
    EXPECT_TRUE(r.oversized.empty());
  }
}

TEST(AcpLineReader, SkipsAnOversizedLineAndKeepsGoing) {
  std::string big(50, 'x');
  Read r = read_all("ok\n" + big + "\nafter\n", 10, 7);
  EXPECT_EQ(r.lines, (std::vector<std::string>{"ok", "after"}));
  EXPECT_EQ(r.oversized, (std::vector<size_t>{50}));
}

TEST(AcpLineReader, AStopRequestEndsAWaitForInput) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "first\n", 6), 6);
  std::stop_source stop;
  std::vector<std::string> lines;
  std::atomic<bool> read_one = false;
  std::thread stopper([&] {
    while (!read_one) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    stop.request_stop();
  });
  // The writer stays open: without the stop request this would wait for ever.
  auto done = read_lines(fds[0], 100,
                         {[&](std::string_view l) {
                            lines.emplace_back(l);
                            read_one = true;
                          },
                          [](size_t) {}},
                         stop.get_token());
  stopper.join();
  ::close(fds[0]);
  ::close(fds[1]);
  ASSERT_FALSE(done.has_value());
  EXPECT_EQ(done.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(lines, (std::vector<std::string>{"first"}));
}

}  // namespace
}  // namespace pair::acp
