#include "ide/ide_lock.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>

namespace pair {
namespace {

namespace fs = std::filesystem;

class IdeLockTest : public ::testing::Test {
 protected:
  IdeLockTest() {
    char tmpl[] = "/tmp/pair-ide-lock-XXXXXX";
    root_ = ::mkdtemp(tmpl);
    dir_ = root_ / "ide";
    fs::create_directories(dir_);
    fs::create_directories(root_ / "ws" / "sub" / "deeper");
    fs::create_directories(root_ / "other");
  }
  ~IdeLockTest() override { fs::remove_all(root_); }

  fs::path write(int port, const std::string& folders, int pid = 100, int version = 1, mode_t mode = 0600) {
    fs::path file = dir_ / (std::to_string(port) + ".json");
    std::ofstream(file) << R"({"pid": )" << pid << R"(, "workspaceFolders": )" << folders << R"(, "token": "t)" << port
                        << R"(", "protocolVersion": )" << version << R"(, "ideName": "Code", "transport": "http"})";
    ::chmod(file.c_str(), mode);
    return file;
  }
  std::string folder(const std::string& rel) const { return "[\"" + (root_ / rel).string() + "\"]"; }
  IdeLockScan scan(const std::string& cwd, std::optional<int> port = std::nullopt) {
    return find_ide_locks(dir_, root_ / cwd, port, [](int pid) { return pid != 666; });
  }
  static std::vector<int> ports(const IdeLockScan& s) {
    std::vector<int> out;
    for (const auto& l : s.usable) out.push_back(l.port);
    return out;
  }

  fs::path root_, dir_;
};

TEST_F(IdeLockTest, ParsesALockFile) {
  auto lock = parse_ide_lock(
      R"({"pid": 42, "workspaceFolders": ["/w/a", "relative", 7], "token": "abc", "protocolVersion": 1,
          "ideName": "Visual Studio Code", "transport": "http"})",
      "/cfg/ide/51234.json");
  ASSERT_TRUE(lock.has_value()) << lock.error().message;
  EXPECT_EQ(lock->port, 51234);
  EXPECT_EQ(lock->pid, 42);
  EXPECT_EQ(lock->token, "abc");
  EXPECT_EQ(lock->protocol_version, 1);
  EXPECT_EQ(lock->ide_name, "Visual Studio Code");
  EXPECT_EQ(lock->workspace_folders, std::vector<fs::path>{"/w/a"});  // only absolute paths count
}

TEST_F(IdeLockTest, MalformedLocksSayWhatIsWrong) {
  EXPECT_NE(parse_ide_lock("{}", "/d/x.json").error().message.find("not a port number"), std::string::npos);
  EXPECT_NE(parse_ide_lock("[]", "/d/1.json").error().message.find("not a JSON object"), std::string::npos);
  EXPECT_NE(parse_ide_lock(R"({"pid": 1})", "/d/1.json").error().message.find("no token"), std::string::npos);
  EXPECT_NE(parse_ide_lock(R"({"pid": 1, "token": "t", "protocolVersion": 1})", "/d/1.json")
                .error()
                .message.find("no workspaceFolders"),
            std::string::npos);
}

TEST_F(IdeLockTest, PicksTheWindowWhoseWorkspaceHoldsTheDirectory) {
  write(1001, folder("ws"));
  write(1002, folder("other"));
  EXPECT_EQ(ports(scan("ws/sub")), std::vector<int>{1001});
  EXPECT_EQ(ports(scan("other")), std::vector<int>{1002});
  EXPECT_TRUE(scan("").usable.empty()) << "the parent of both workspaces belongs to neither window";
}

TEST_F(IdeLockTest, TheInnermostWorkspaceWinsAndThePreferredPortFirst) {
  write(2001, folder("ws"));
  write(2002, "[\"/elsewhere\", \"" + (root_ / "ws/sub").string() + "\"]");
  EXPECT_EQ(ports(scan("ws/sub/deeper")), (std::vector<int>{2002, 2001}));
  EXPECT_EQ(ports(scan("ws/sub/deeper", 2001)), (std::vector<int>{2001, 2002}));
}

TEST_F(IdeLockTest, StaleForeignAndIncompatibleLocksArePassedOver) {
  write(3001, folder("ws"), /*pid=*/666);
  write(3002, folder("ws"), 100, /*version=*/2);
  write(3003, folder("ws"), 100, 1, /*mode=*/0666);
  std::ofstream(dir_ / "3004.json") << "{half";
  std::ofstream(dir_ / "notes.txt") << "not a lock";
  write(3005, folder("ws"));
  IdeLockScan s = scan("ws");
  EXPECT_EQ(ports(s), std::vector<int>{3005});
  std::string skipped;
  for (const auto& line : s.skipped) skipped += line + "\n";
  EXPECT_NE(skipped.find("3001.json: stale (process 666 is gone)"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("3002.json: protocol version 2, pair speaks 1"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("3003.json: foreign"), std::string::npos) << skipped;
  EXPECT_NE(skipped.find("3004.json: malformed"), std::string::npos) << skipped;
  EXPECT_EQ(s.skipped.size(), 4u) << skipped;
}

TEST_F(IdeLockTest, AMissingDirectoryIsAnEmptyScan) {
  IdeLockScan s = find_ide_locks(root_ / "nope", root_ / "ws");
  EXPECT_TRUE(s.usable.empty());
  EXPECT_TRUE(s.skipped.empty());
}

TEST_F(IdeLockTest, ProcessAlive) {
  EXPECT_TRUE(process_alive(::getpid()));
  EXPECT_FALSE(process_alive(0));
  EXPECT_FALSE(process_alive(-5));
}

}  // namespace
}  // namespace pair
