#include "util/subprocess.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace pair {
namespace {

using namespace std::chrono_literals;

ProcessResult run_sh(const std::string& script, std::optional<std::chrono::milliseconds> timeout = {}) {
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", script};
  o.timeout = timeout;
  auto r = run_process(o);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  return r.value_or(ProcessResult{});
}

TEST(SubprocessTest, ReportsExitCodeAndOutput) {
  ProcessResult r = run_sh("echo out; echo err >&2; exit 3");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.signal, 0);
  EXPECT_EQ(r.output, "out\nerr\n");
}

TEST(SubprocessTest, ReportsTheKillingSignal) {
  ProcessResult r = run_sh("kill -TERM $$");
  EXPECT_EQ(r.signal, SIGTERM);
  EXPECT_FALSE(r.timed_out);
}

TEST(SubprocessTest, TimeoutKillsTheCommand) {
  auto start = std::chrono::steady_clock::now();
  ProcessResult r = run_sh("echo started; sleep 30", 300ms);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.output, "started\n");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(SubprocessTest, StopTokenCancels) {
  std::stop_source source;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(200ms);
    source.request_stop();
  });
  ProcessOptions o;
  o.argv = {"sleep", "30"};
  auto start = std::chrono::steady_clock::now();
  auto r = run_process(o, source.get_token());
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->cancelled);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(SubprocessTest, MissingProgramIsAnError) {
  ProcessOptions o;
  o.argv = {"pair-no-such-program-xyz"};
  auto r = run_process(o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
}

TEST(SubprocessTest, ExtraEnvReplacesInheritedVariables) {
  ::setenv("PAIR_TEST_VAR", "inherited", 1);
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "env | grep '^PAIR_TEST_VAR='"};
  o.extra_env = {"PAIR_TEST_VAR=override"};
  auto r = run_process(o);
  ::unsetenv("PAIR_TEST_VAR");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->output, "PAIR_TEST_VAR=override\n");
}

TEST(SubprocessTest, OnOutputSeesOnlyStdoutWhenStreamsAreSeparate) {
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "echo out; echo err >&2"};
  o.merge_stderr = false;
  std::string seen;
  o.on_output = [&](std::string_view chunk) { seen += chunk; };
  auto r = run_process(o);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(seen, "out\n");
  EXPECT_EQ(r->output, "out\n");
  EXPECT_EQ(r->error_output, "err\n");
}

TEST(SubprocessTest, LongOutputIsCappedKeepingHeadAndTail) {
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", "echo first; seq 1 200000; echo last"};
  o.head_bytes = 1000;
  o.tail_bytes = 1000;
  auto r = run_process(o);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->output_truncated);
  EXPECT_LT(r->output.size(), 2200u);
  EXPECT_EQ(r->output.rfind("first\n", 0), 0u);
  EXPECT_TRUE(r->output.ends_with("200000\nlast\n"));
}

}  // namespace
}  // namespace pair

namespace pair {
namespace {

bool any_process_matching(const std::string& text) {
  ProcessOptions o;
  o.argv = {"pgrep", "-f", text};
  auto r = run_process(o);
  return r && r->exit_code == 0;
}

TEST(SubprocessDaemons, ADaemonThatLeftTheGroupIsKilledOnCancel) {
  std::stop_source stop;
  ProcessOptions o;
  // setsid -f: a new session, so killing the process group does not reach it.
  o.argv = {"/bin/bash", "-c", "setsid -f sleep 302; sleep 30"};
  std::thread canceller([&] {
    for (int i = 0; i < 200 && !any_process_matching("sleep 302"); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop.request_stop();
  });
  auto r = run_process(o, stop.get_token());
  canceller.join();
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->cancelled);
  EXPECT_FALSE(any_process_matching("sleep 302")) << "the daemon survived the cancel";
}

TEST(SubprocessDaemons, ADaemonThatLeftTheGroupIsKilledOnTimeout) {
  ProcessOptions o;
  o.argv = {"/bin/bash", "-c", "setsid -f sleep 303; sleep 30"};
  o.timeout = std::chrono::milliseconds(500);
  auto r = run_process(o);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->timed_out);
  EXPECT_FALSE(any_process_matching("sleep 303"));
}

TEST(SubprocessTest, OnlyTheListedDescriptorsAreInherited) {
  int listed[2], other[2];
  ASSERT_EQ(::pipe2(listed, O_CLOEXEC), 0);
  ASSERT_EQ(::pipe2(other, O_CLOEXEC), 0);
  ASSERT_EQ(::write(listed[1], "filter", 6), 6);
  ::close(listed[1]);
  ProcessOptions o;
  std::string fd = std::to_string(listed[0]), not_listed = std::to_string(other[0]);
  o.argv = {"/bin/bash", "-c",
            "cat <&" + fd + "; echo; [ -e /proc/self/fd/" + not_listed + " ] && echo leaked || echo closed"};
  o.inherit_fds = {listed[0]};
  auto r = run_process(o);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->output, "filter\nclosed\n");
  // Ours stays close-on-exec.
  EXPECT_TRUE(::fcntl(listed[0], F_GETFD) & FD_CLOEXEC);
  for (int f : {listed[0], other[0], other[1]}) ::close(f);

  o.inherit_fds = {1};
  EXPECT_FALSE(run_process(o).has_value()) << "the standard descriptors are not the caller's to pass";
}

}  // namespace
}  // namespace pair
