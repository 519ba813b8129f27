#include "acp/line_reader.h"

#include <gtest/gtest.h>
#include <unistd.h>

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

}  // namespace
}  // namespace pair::acp
