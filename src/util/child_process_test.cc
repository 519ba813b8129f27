#include "util/child_process.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace pair {
namespace {

using namespace std::chrono_literals;

std::string read_all(int fd) {
  std::string out;
  char buf[256];
  ssize_t n;
  while ((n = ::read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  return out;
}

/// Running, not a zombie that nobody reaps (init in a container may not).
bool running(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string pid_field, name, state;
  if (!(stat >> pid_field >> name >> state)) return false;
  return state != "Z";
}

TEST(ChildProcess, TalksOverPipesAndReportsItsExit) {
  auto child = ChildProcess::start({.argv = {"sh", "-c", "read line; echo \"got $line $PAIR_CP_TEST\"; exit 4"},
                                    .cwd = {},
                                    .extra_env = {"PAIR_CP_TEST=value"},
                                    .stderr_fd = -1});
  ASSERT_TRUE(child) << child.error().message;
  ASSERT_EQ(::write((*child)->stdin_fd(), "hello\n", 6), 6);
  EXPECT_EQ(read_all((*child)->stdout_fd()), "got hello value\n");
  auto exit = (*child)->wait_for(5s);
  ASSERT_TRUE(exit);
  EXPECT_EQ(exit->exit_code, 4);
  EXPECT_EQ(exit->describe(), "exited with status 4");
}

TEST(ChildProcess, StopEscalatesToSigkillForTheWholeGroup) {
  // The shell ignores SIGTERM; its background child shares the group.
  auto child = ChildProcess::start(
      {.argv = {"sh", "-c", "trap '' TERM; sleep 30 & echo $!; wait"}, .cwd = {}, .extra_env = {}, .stderr_fd = -1});
  ASSERT_TRUE(child) << child.error().message;
  std::string line;
  char c;
  while (::read((*child)->stdout_fd(), &c, 1) == 1 && c != '\n') line += c;
  pid_t sleeper = std::stoi(line);
  auto exit = (*child)->stop(50ms, 100ms);
  EXPECT_EQ(exit.signal, SIGKILL) << exit.describe();
  // The group's other member is gone too.
  for (int i = 0; i < 100 && running(sleeper); ++i) ::usleep(10000);
  EXPECT_FALSE(running(sleeper));
}

TEST(ChildProcess, AMissingCommandIsNamed) {
  auto child = ChildProcess::start({.argv = {"pair-no-such-command"}, .cwd = {}, .extra_env = {}, .stderr_fd = -1});
  ASSERT_FALSE(child);
  EXPECT_EQ(child.error().code, ErrorCode::kNotFound);
  EXPECT_NE(child.error().message.find("pair-no-such-command"), std::string::npos);
}

}  // namespace
}  // namespace pair
