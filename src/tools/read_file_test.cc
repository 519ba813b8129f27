#include "tools/read_file.h"

#include <sys/stat.h>

#include "tools/test_support.h"

namespace pair {
namespace {

using nlohmann::json;
using testing::call;
using testing::TempWorkspace;

std::string numbered(size_t from, size_t to) {
  std::string s;
  for (size_t i = from; i <= to; ++i) s += std::to_string(i) + "\tline " + std::to_string(i) + "\n";
  return s;
}

class ReadFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string s;
    for (int i = 1; i <= 10; ++i) s += "line " + std::to_string(i) + "\n";
    ws.write("ten.txt", s);
  }
  ToolOutput read(json args) { return call(tool, args, ws.ctx()); }

  TempWorkspace ws;
  ReadFileTool tool;
};

TEST_F(ReadFileTest, NumbersLinesFromOne) {
  ToolOutput out = read({{"path", "ten.txt"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, numbered(1, 10));
}

TEST_F(ReadFileTest, OffsetAndLimitSayHowToContinue) {
  ToolOutput out = read({{"path", "ten.txt"}, {"offset", 3}, {"limit", 4}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, numbered(3, 6) + "[showing lines 3-6 of 10; call read_file with offset=7 to continue]\n");
}

TEST_F(ReadFileTest, ReadingToTheEndHasNoNote) {
  EXPECT_EQ(read({{"path", "ten.txt"}, {"offset", 8}}).text, numbered(8, 10));
}

TEST_F(ReadFileTest, DefaultLimitComesFromTheContext) {
  ws.ctx().limits.read_default_lines = 2;
  EXPECT_EQ(read({{"path", "ten.txt"}}).text,
            numbered(1, 2) + "[showing lines 1-2 of 10; call read_file with offset=3 to continue]\n");
}

TEST_F(ReadFileTest, OffsetPastTheEndIsAnError) {
  ToolOutput out = read({{"path", "ten.txt"}, {"offset", 11}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("has 10 lines"), std::string::npos) << out.text;
}

TEST_F(ReadFileTest, ByteCapStopsAtAWholeLine) {
  ws.ctx().limits.read_max_bytes = 40;  // each numbered line here is 9-10 bytes
  ToolOutput out = read({{"path", "ten.txt"}});
  EXPECT_EQ(out.text, numbered(1, 4) +
                          "[showing lines 1-4 of 10 (output limit of 40 bytes reached); call read_file with "
                          "offset=5 to continue]\n");
}

TEST_F(ReadFileTest, LongLinesAreCutAndSaySo) {
  ws.ctx().limits.line_max_chars = 10;
  ws.write("long.txt", std::string(25, 'x') + "\nshort\n" + std::string(12, 'y'));
  ToolOutput out = read({{"path", "long.txt"}});
  EXPECT_EQ(out.text, "1\txxxxxxxxxx... [line cut: 25 chars]\n2\tshort\n3\tyyyyyyyyyy... [line cut: 12 chars]\n");
}

TEST_F(ReadFileTest, LongLinesAreCutOnCharacters) {
  ws.ctx().limits.line_max_chars = 3;
  ws.write("u.txt", "\xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\n");  // four "é"
  EXPECT_EQ(read({{"path", "u.txt"}}).text, "1\t\xC3\xA9\xC3\xA9\xC3\xA9... [line cut: 4 chars]\n");
}

TEST_F(ReadFileTest, HugeLineIsCutWithoutReadingItIntoMemory) {
  ws.write("min.js", std::string(3 * 1024 * 1024, 'a') + "\nend\n");
  ToolOutput out = read({{"path", "min.js"}});
  EXPECT_LT(out.text.size(), 2100u);
  EXPECT_NE(out.text.find("[line cut: 3145728 chars]\n2\tend\n"), std::string::npos);
}

TEST_F(ReadFileTest, CrlfShowsWithoutCarriageReturns) {
  ws.write("dos.txt", "a\r\nb\r\nlast\r\n");
  EXPECT_EQ(read({{"path", "dos.txt"}}).text, "1\ta\n2\tb\n3\tlast\n");
}

TEST_F(ReadFileTest, LastLineWithoutNewlineCounts) {
  ws.write("nofinal.txt", "a\nb");
  EXPECT_EQ(read({{"path", "nofinal.txt"}}).text, "1\ta\n2\tb\n");
  EXPECT_EQ(read({{"path", "nofinal.txt"}, {"offset", 2}}).text, "2\tb\n");
}

TEST_F(ReadFileTest, EmptyFileSaysSo) {
  ws.write("empty.txt", "");
  ToolOutput out = read({{"path", "empty.txt"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "empty.txt is empty (0 bytes).");
}

TEST_F(ReadFileTest, BinaryFileIsRefusedWithItsKind) {
  ws.write("img.png", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + std::string(2000, '\0'));
  ToolOutput out = read({{"path", "img.png"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("img.png is a binary file (PNG image, 1.97 KiB)"), std::string::npos) << out.text;
  ws.write("data.bin", std::string("abc\0def", 7));
  EXPECT_NE(read({{"path", "data.bin"}}).text.find("binary data"), std::string::npos);
}

TEST_F(ReadFileTest, MostlyInvalidUtf8IsBinaryButSomeIsSanitized) {
  std::string junk;
  for (int i = 0; i < 200; ++i) junk += static_cast<char>(0x80 + i % 64);
  ws.write("junk", junk);
  EXPECT_TRUE(read({{"path", "junk"}}).is_error);
  ws.write("latin1.txt", "caf\xE9 ok\n");
  ToolOutput out = read({{"path", "latin1.txt"}});
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, "1\tcaf\xEF\xBF\xBD ok\n");
}

TEST_F(ReadFileTest, MissingFileSuggestsSimilarNames) {
  ws.write("src/main.cc", "int main() {}\n");
  ToolOutput out = read({{"path", "src/mian.cc"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "File not found: src/mian.cc. Did you mean src/main.cc?");
  out = read({{"path", "src/main.cpp"}});
  EXPECT_EQ(out.text, "File not found: src/main.cpp. Did you mean src/main.cc?");
  out = read({{"path", "nowhere/x.cc"}});
  EXPECT_EQ(out.text, "File not found: nowhere/x.cc. (Directory nowhere does not exist either.)");
}

TEST_F(ReadFileTest, DirectoryPointsToListFiles) {
  std::filesystem::create_directory(ws.root() / "dir");
  ToolOutput out = read({{"path", "dir"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("use list_files"), std::string::npos);
}

TEST_F(ReadFileTest, FifoIsRefusedWithoutBlocking) {
  ASSERT_EQ(::mkfifo((ws.root() / "pipe").c_str(), 0644), 0);
  ToolOutput out = read({{"path", "pipe"}});
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("not a regular file"), std::string::npos);
}

TEST_F(ReadFileTest, InspectListsThePathAndASymlinkTarget) {
  TempWorkspace outside;
  outside.write("secret.txt", "s\n");
  std::filesystem::create_symlink(outside.root() / "secret.txt", ws.root() / "link.txt");
  auto effect = tool.inspect({{"path", "link.txt"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kRead);
  ASSERT_EQ(effect->paths.size(), 2u);
  EXPECT_EQ(effect->paths[0], ws.root() / "link.txt");
  EXPECT_EQ(effect->paths[1], std::filesystem::canonical(outside.root() / "secret.txt"));
  EXPECT_EQ(effect->summary, "read link.txt");

  effect = tool.inspect({{"path", "./a/../ten.txt"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->paths, std::vector<std::filesystem::path>{ws.root() / "ten.txt"});
}

TEST_F(ReadFileTest, WorkspaceReachedThroughASymlinkNeedsNoSecondPath) {
  TempWorkspace other;
  std::filesystem::create_symlink(ws.root(), other.root() / "ws");
  ToolContext ctx = ws.ctx();
  ctx.workspace = other.root() / "ws";
  auto effect = tool.inspect({{"path", "ten.txt"}}, ctx);
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->paths, std::vector<std::filesystem::path>{ctx.workspace / "ten.txt"});
  EXPECT_EQ(tool.run({{"path", "ten.txt"}, {"limit", 1}}, ctx).text.substr(0, 9), "1\tline 1\n");
}

TEST_F(ReadFileTest, EmptyPathIsAnError) {
  EXPECT_FALSE(tool.inspect({{"path", ""}}, ws.ctx()).has_value());
  EXPECT_TRUE(tool.run({{"path", " "}}, ws.ctx()).is_error);
}

}  // namespace
}  // namespace pair
