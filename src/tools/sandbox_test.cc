#include "tools/sandbox.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tools/bash.h"
#include "tools/test_support.h"

namespace pair {
namespace {

using nlohmann::json;
using testing::TempWorkspace;

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!probe_sandbox().available) GTEST_SKIP() << "no sandbox on this machine: " << probe_sandbox().reason;
    ws.ctx().sandbox.enabled = true;
  }
  ToolOutput bash(const std::string& command) { return testing::call(tool, json{{"command", command}}, ws.ctx()); }

  TempWorkspace ws;
  BashTool tool;
};

TEST_F(SandboxTest, TheWorkspaceIsWritableAndTheRestIsNot) {
  auto in = bash("echo made > inside.txt && cat inside.txt");
  EXPECT_FALSE(in.is_error) << in.text;
  EXPECT_EQ(ws.read("inside.txt"), "made\n");

  // Not under /tmp: that is the sandbox's own private /tmp.
  std::filesystem::path outside = "/var/tmp/pair-sandbox-outside-" + std::to_string(::getpid());
  auto out = bash("echo x > " + outside.string());
  EXPECT_TRUE(out.is_error);
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_NE(out.text.find("Read-only file system"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("this ran in pair's sandbox"), std::string::npos) << out.text;
  std::filesystem::remove(outside);
}

TEST_F(SandboxTest, ExtraWritablePathsAreWritable) {
  TempWorkspace other;
  ws.ctx().sandbox.writable = {other.root()};
  auto r = bash("echo ok > " + (other.root() / "f").string());
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(other.read("f"), "ok\n");
}

TEST_F(SandboxTest, TmpIsPrivate) {
  std::string name = "pair-sandbox-probe-" + std::to_string(::getpid());
  auto r = bash("echo secret > /tmp/" + name + " && cat /tmp/" + name);
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + name));
}

TEST_F(SandboxTest, NoNetworkUnlessAllowedAndTheModelIsTold) {
  // Even loopback is another network namespace's inside the sandbox.
  auto r = bash("exec 3<>/dev/tcp/127.0.0.1/9 || echo 'Could not connect'; exit 1");
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("no network access"), std::string::npos) << r.text;
  ws.ctx().sandbox.network = true;
  auto allowed = bash("cat /sys/class/net/lo/operstate >/dev/null; ls /sys/class/net | wc -l");
  EXPECT_FALSE(allowed.is_error) << allowed.text;
}

TEST_F(SandboxTest, NothingOutlivesTheCommand) {
  auto r = bash("(setsid sleep 301 & ) ; sleep 0.1; echo started");
  EXPECT_FALSE(r.is_error) << r.text;
  // The background sleep lived in the command's PID namespace, which ended with it.
  auto check = testing::call(tool, json{{"command", "pgrep -f '[s]leep 301' || echo none"}}, TempWorkspace().ctx());
  EXPECT_NE(check.text.find("none"), std::string::npos) << check.text;
}

TEST(SandboxArgv, ShapesTheCommandLine) {
  auto argv = sandboxed_argv({true, false, {"/extra"}}, "/work/ws", {"/bin/bash", "-c", "ls"});
  auto has = [&](std::vector<std::string> seq) {
    return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
  };
  EXPECT_EQ(argv.front(), "bwrap");
  EXPECT_TRUE(has({"--ro-bind", "/", "/"}));
  EXPECT_TRUE(has({"--tmpfs", "/tmp"}));
  EXPECT_TRUE(has({"--bind", "/work/ws", "/work/ws"}));
  EXPECT_TRUE(has({"--unshare-net"}));
  EXPECT_TRUE(has({"--unshare-pid"}));
  EXPECT_TRUE(has({"--chdir", "/work/ws", "--", "/bin/bash", "-c", "ls"}));
  auto with_net = sandboxed_argv({true, true, {}}, "/w", {"true"});
  EXPECT_EQ(std::find(with_net.begin(), with_net.end(), "--unshare-net"), with_net.end());
}

TEST(SandboxNote, OnlyForFailuresTheSandboxCaused) {
  SandboxSettings s{true, false, {}};
  EXPECT_NE(sandbox_failure_note("bash: x: Read-only file system", s).find("writable"), std::string::npos);
  EXPECT_NE(sandbox_failure_note("curl: (6) Could not resolve host: x", s).find("network"), std::string::npos);
  EXPECT_EQ(sandbox_failure_note("error: expected ';'", s), "");
  s.network = true;
  EXPECT_EQ(sandbox_failure_note("curl: (6) Could not resolve host: x", s), "");
}

}  // namespace
}  // namespace pair
