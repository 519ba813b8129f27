#include "acp/terminal_requests.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace pair::acp {
namespace {
using nlohmann::json;

TEST(AcpTerminalRequests, CreateSplitsTheCommandAndTheEnvironment) {
  json p = terminal_create_params("s1", {"/bin/bash", "-c", "echo hi"}, "/ws", {"TERM=dumb", "EMPTY=", "A=b=c"}, 4096);
  EXPECT_EQ(p["sessionId"], "s1");
  EXPECT_EQ(p["command"], "/bin/bash");
  EXPECT_EQ(p["args"], json::parse(R"(["-c", "echo hi"])"));
  EXPECT_EQ(p["env"], json::parse(R"([{"name": "TERM", "value": "dumb"}, {"name": "EMPTY", "value": ""},
                                       {"name": "A", "value": "b=c"}])"));
  EXPECT_EQ(p["cwd"], "/ws");
  EXPECT_EQ(p["outputByteLimit"], 4096);
  EXPECT_EQ(terminal_params("s1", "t1"), json::parse(R"({"sessionId": "s1", "terminalId": "t1"})"));
}

TEST(AcpTerminalRequests, ExitStatusIsReadTolerantly) {
  auto exited = terminal_exit(json::parse(R"({"exitCode": 3, "signal": null})"));
  ASSERT_TRUE(exited.has_value());
  EXPECT_EQ(exited->exit_code, 3);
  EXPECT_EQ(exited->signal, "");
  auto killed = terminal_exit(json::parse(R"({"exitCode": null, "signal": "SIGKILL"})"));
  ASSERT_TRUE(killed.has_value());
  EXPECT_FALSE(killed->exit_code.has_value());
  EXPECT_EQ(killed->signal, "SIGKILL");
  EXPECT_FALSE(terminal_exit(json()).has_value());  // still running: no exitStatus
  EXPECT_FALSE(terminal_exit(json("done")).has_value());
}

TEST(AcpTerminalRequests, ATerminalIsToolCallContent) {
  json u = tool_call_terminal("c1", "t1");
  EXPECT_EQ(u["sessionUpdate"], "tool_call_update");
  EXPECT_EQ(u["toolCallId"], "c1");
  EXPECT_EQ(u["content"][0], json::parse(R"({"type": "terminal", "terminalId": "t1"})"));
}

}  // namespace
}  // namespace pair::acp
