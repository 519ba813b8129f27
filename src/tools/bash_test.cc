#include "tools/bash.h"

#include <signal.h>
#include <sys/resource.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "tools/test_support.h"

namespace pair {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::call;
using testing::TempWorkspace;

class BashTest : public ::testing::Test {
 protected:
  ToolOutput bash(const std::string& command, std::optional<int> timeout = {}) {
    json args = {{"command", command}};
    if (timeout) args["timeout"] = *timeout;
    return call(tool, args, ws.ctx());
  }

  TempWorkspace ws;
  BashTool tool;
};

/// Alive and not a zombie.
bool process_alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  size_t paren = line.rfind(')');
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

TEST_F(BashTest, RunsInTheWorkspaceAndReportsExitCode) {
  ToolOutput out = bash("pwd");
  EXPECT_FALSE(out.is_error);
  EXPECT_EQ(out.text, ws.root().string() + "\n[exit code 0]");

  out = bash("echo failing; exit 2");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "failing\n[exit code 2]");
}

TEST_F(BashTest, MergesStderr) {
  EXPECT_EQ(bash("echo out; echo err >&2; echo out2").text, "out\nerr\nout2\n[exit code 0]");
}

TEST_F(BashTest, NoOutputSaysSo) {
  EXPECT_EQ(bash("true").text, "(no output)\n[exit code 0]");
}

TEST_F(BashTest, ReportsASignal) {
  ToolOutput out = bash("kill -KILL $$");
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "(no output)\n[killed by signal 9 (SIGKILL)]");
}

TEST_F(BashTest, HasNoTerminalAndEmptyStdin) {
  ToolOutput out = bash("tty; cat; echo done");
  EXPECT_EQ(out.text, "not a tty\ndone\n[exit code 0]");
}

TEST_F(BashTest, EnvironmentAsksForPlainOutput) {
  ::setenv("TERM", "xterm-256color", 1);
  ToolOutput out = bash("echo $TERM $PAGER $GIT_PAGER $NO_COLOR $GIT_TERMINAL_PROMPT");
  EXPECT_EQ(out.text, "dumb cat cat 1 0\n[exit code 0]");
}

TEST_F(BashTest, StripsColoursAndProgressRedraws) {
  ToolOutput out = bash(R"(printf '\033[31mred\033[0m\n10%%\r50%%\r100%%\n\033]0;title\007ok\r\n')");
  EXPECT_EQ(out.text, "red\n100%\nok\n[exit code 0]");
}

TEST_F(BashTest, LongOutputKeepsHeadAndTailInBoundedMemory) {
  ws.ctx().limits.bash_output_head = 1000;
  ws.ctx().limits.bash_output_tail = 1000;
  struct rusage before {};
  ::getrusage(RUSAGE_SELF, &before);
  ToolOutput out = bash("echo FIRST; yes | head -c 50000000; echo; echo LAST");
  struct rusage after {};
  ::getrusage(RUSAGE_SELF, &after);
  EXPECT_FALSE(out.is_error) << out.text.substr(0, 200);
  EXPECT_LT(out.text.size(), 2300u);
  EXPECT_EQ(out.text.rfind("FIRST\ny\n", 0), 0u);
  EXPECT_TRUE(out.text.ends_with("y\n\nLAST\n[exit code 0]")) << out.text.substr(out.text.size() - 50);
  EXPECT_NE(out.text.find(" bytes (about "), std::string::npos);
  EXPECT_LT(after.ru_maxrss - before.ru_maxrss, 20 * 1024);  // KiB: far less than the 50 MB produced
}

TEST_F(BashTest, TimeoutKillsTheWholeProcessGroup) {
  auto start = std::chrono::steady_clock::now();
  ToolOutput out = bash("sleep 300 & echo $!; sleep 300", 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_TRUE(out.is_error);
  EXPECT_TRUE(out.text.ends_with("[timed out after 1s; the command and its children were killed]")) << out.text;
  pid_t background = static_cast<pid_t>(std::stol(out.text));
  ASSERT_GT(background, 1);
  for (int i = 0; i < 100 && process_alive(background); ++i) std::this_thread::sleep_for(10ms);
  EXPECT_FALSE(process_alive(background));
}

TEST_F(BashTest, TimeoutIsCappedAtTheMaximum) {
  ws.ctx().limits.bash_max_timeout = 1s;
  ToolOutput out = bash("sleep 30", 1000);
  EXPECT_TRUE(out.text.ends_with("[timed out after 1s; the command and its children were killed]")) << out.text;
}

TEST_F(BashTest, CancelFromAnotherThread) {
  std::stop_source source;
  ws.ctx().stop = source.get_token();
  std::jthread canceller([&] {
    std::this_thread::sleep_for(300ms);
    source.request_stop();
  });
  auto start = std::chrono::steady_clock::now();
  ToolOutput out = bash("echo begun; sleep 30");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "begun\n[cancelled; the command and its children were killed]");
}

TEST_F(BashTest, InspectDescribesTheCommand) {
  auto effect = tool.inspect({{"command",
                               "  make -j2 && ./run_all_the_tests --with-a-very-long-flag-name "
                               "--and-another-one-to-pass-eighty-chars\necho done"}},
                             ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kExecute);
  EXPECT_EQ(effect->paths, std::vector<std::filesystem::path>{ws.root()});
  EXPECT_EQ(effect->summary,
            "bash: make -j2 && ./run_all_the_tests --with-a-very-long-flag-name --and-another-one-t...");
  EXPECT_NE(effect->detail.find("echo done"), std::string::npos);

  effect = tool.inspect({{"command", "ls\npwd"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->summary, "bash: ls ...");
  EXPECT_FALSE(tool.inspect({{"command", " "}}, ws.ctx()).has_value());
}

TEST(PlainTerminalTextTest, KeepsOrdinaryText) {
  EXPECT_EQ(plain_terminal_text("a\nb\r\nc"), "a\nb\nc");
  EXPECT_EQ(plain_terminal_text("\x1b[1;32mok\x1b[0m done\x1b"), "ok done");
  EXPECT_EQ(plain_terminal_text("x\x1b(By"), "xy");
}

}  // namespace
}  // namespace pair
