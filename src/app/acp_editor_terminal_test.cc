// AcpEditorTerminal against an editor that answers terminal/* on a thread of its own (as the
// connection's reader would): the order of the requests, the result, and kill and release when
// the turn is cancelled or the command times out.
#include "app/acp_editor_terminal.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <thread>

#include "app/acp_test_editor.h"

namespace pair {
namespace {
using nlohmann::json;

using FakeEditor = testing::AcpTestEditor;

TerminalCommand echo_command() {
  return {
      .argv = {"/bin/bash", "-c", "echo hi"}, .cwd = "/ws", .env = {"TERM=dumb"}, .timeout = std::chrono::seconds(30)};
}

TEST(AcpEditorTerminal, RunsWaitsReadsAndReleases) {
  FakeEditor editor([](const std::string& method, const json& params) -> json {
    EXPECT_EQ(params["sessionId"], "s1") << method;
    if (method == "terminal/create") return {{"terminalId", "t1"}};
    EXPECT_EQ(params["terminalId"], "t1") << method;
    if (method == "terminal/wait_for_exit") return {{"exitCode", 2}, {"signal", nullptr}};
    if (method == "terminal/output") return {{"output", "hi\n"}, {"truncated", false}};
    return json::object();
  });
  AcpEditorTerminal terminal(editor.connection());
  terminal.set_session_id("s1");
  std::string shown;
  terminal.on_created([&](const std::string& id) { shown = id; });
  auto result = terminal.run(echo_command(), {});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_EQ(result->output, "hi\n");
  EXPECT_EQ(result->exit_code, 2);
  EXPECT_FALSE(result->cancelled || result->timed_out);
  EXPECT_EQ(shown, "t1");
  EXPECT_EQ(editor.methods(), (std::vector<std::string>{"terminal/create", "terminal/wait_for_exit", "terminal/output",
                                                        "terminal/release"}));
}

/// An editor whose command never ends by itself: only terminal/kill (or release) ends it.
json never_ending(const std::string& method, const json&) {
  if (method == "terminal/create") return {{"terminalId", "t1"}};
  if (method == "terminal/wait_for_exit") return nullptr;
  if (method == "terminal/output")
    return {{"output", "tail"}, {"truncated", true}, {"exitStatus", {{"exitCode", nullptr}, {"signal", "SIGKILL"}}}};
  return json::object();
}

TEST(AcpEditorTerminal, CancelKillsTheTerminal) {
  FakeEditor editor(never_ending);
  AcpEditorTerminal terminal(editor.connection());
  std::stop_source cancel;
  std::jthread canceller([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    cancel.request_stop();
  });
  auto result = terminal.run(echo_command(), cancel.get_token());
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->cancelled);
  EXPECT_EQ(result->signal, SIGKILL);
  EXPECT_EQ(result->output, "[... the start of the output was cut ...]\ntail");
  EXPECT_EQ(editor.methods(), (std::vector<std::string>{"terminal/create", "terminal/wait_for_exit", "terminal/kill",
                                                        "terminal/output", "terminal/release"}));
}

TEST(AcpEditorTerminal, ATimeoutKillsTheTerminal) {
  FakeEditor editor(never_ending);
  AcpEditorTerminal terminal(editor.connection());
  TerminalCommand command = echo_command();
  command.timeout = std::chrono::seconds(0);
  auto result = terminal.run(command, {});
  ASSERT_TRUE(result.has_value()) << result.error().message;
  EXPECT_TRUE(result->timed_out);
  EXPECT_FALSE(result->cancelled);
  EXPECT_EQ(editor.methods()[2], "terminal/kill");
}

TEST(AcpEditorTerminal, AnAnswerWithoutATerminalIdIsAnError) {
  FakeEditor editor([](const std::string&, const json&) -> json { return json::object(); });
  AcpEditorTerminal terminal(editor.connection());
  auto result = terminal.run(echo_command(), {});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code, ErrorCode::kProtocol);
  EXPECT_NE(result.error().message.find("terminalId"), std::string::npos);
}

}  // namespace
}  // namespace pair
