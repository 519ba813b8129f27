#include "util/capped_output.h"

#include <gtest/gtest.h>

#include "util/utf8.h"

namespace pair {
namespace {

TEST(CappedOutput, SmallOutputIsKeptWhole) {
  CappedOutput c(100, 100);
  c.append("hello ");
  c.append("world");
  EXPECT_FALSE(c.truncated());
  EXPECT_EQ(c.render(), "hello world");
}

TEST(CappedOutput, KeepsHeadAndTailWithANote) {
  CappedOutput c(64, 64);
  for (int i = 0; i < 1000; ++i) c.append("line " + std::to_string(i) + "\n");
  EXPECT_TRUE(c.truncated());
  std::string r = c.render();
  EXPECT_TRUE(r.starts_with("line 0\nline 1\n")) << r;
  EXPECT_TRUE(r.ends_with("line 999\n")) << r;
  EXPECT_NE(r.find("bytes (about"), std::string::npos) << r;
  EXPECT_LT(r.size(), 250u);
}

TEST(CappedOutput, NeverCutsInsideAUtf8Character) {
  CappedOutput c(5, 5);
  std::string s;
  for (int i = 0; i < 100; ++i) s += "\xC3\xA9";  // é
  c.append(s);
  EXPECT_TRUE(utf8_valid(c.render()));
}

TEST(CappedOutput, MemoryStaysBoundedForHugeStreams) {
  CappedOutput c(1024, 1024);
  std::string chunk(64 * 1024, 'x');
  for (int i = 0; i < 2000; ++i) c.append(chunk);  // 128 MB through
  EXPECT_EQ(c.total_bytes(), 2000u * 64 * 1024);
  EXPECT_LT(c.render().size(), 4096u);
}

}  // namespace
}  // namespace pair
