// bash with an editor's terminal (ToolContext::editor_terminal): used for a command pair would run
// outside its sandbox, never for a sandboxed one; its result reads as pair's own runner's.
#include <gtest/gtest.h>

#include "core/editor_terminal.h"
#include "tools/bash.h"
#include "tools/sandbox.h"
#include "tools/test_support.h"

namespace pair {
namespace {

using testing::call;
using testing::TempWorkspace;

class FakeTerminal : public EditorTerminal {
 public:
  Result<ProcessResult> run(const TerminalCommand& command, std::stop_token) override {
    commands.push_back(command);
    if (refuse) return fail(ErrorCode::kProtocol, "no terminals here");
    return result;
  }
  std::vector<TerminalCommand> commands;
  ProcessResult result;
  bool refuse = false;
};

class BashEditorTerminalTest : public ::testing::Test {
 protected:
  void SetUp() override { ws.ctx().editor_terminal = &terminal; }
  TempWorkspace ws;
  FakeTerminal terminal;
  BashTool tool;
};

TEST_F(BashEditorTerminalTest, AnUnsandboxedCommandRunsInTheEditorsTerminal) {
  terminal.result.exit_code = 3;
  terminal.result.output = "from the editor\n";
  ToolOutput out = call(tool, {{"command", "make test"}, {"timeout", 7}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "from the editor\n[exit code 3]");
  ASSERT_EQ(terminal.commands.size(), 1u);
  const TerminalCommand& c = terminal.commands[0];
  EXPECT_EQ(c.argv, (std::vector<std::string>{"/bin/bash", "-c", "make test"}));
  EXPECT_EQ(c.cwd, ws.root());
  EXPECT_EQ(c.timeout, std::chrono::seconds(7));
  EXPECT_NE(std::find(c.env.begin(), c.env.end(), "TERM=dumb"), c.env.end());
}

TEST_F(BashEditorTerminalTest, ACancelledCommandSaysSo) {
  terminal.result.cancelled = true;
  ToolOutput out = call(tool, {{"command", "sleep 100"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("[cancelled; the command and its children were killed]"), std::string::npos) << out.text;
}

TEST_F(BashEditorTerminalTest, TheEditorsRefusalIsTheToolsError) {
  terminal.refuse = true;
  ToolOutput out = call(tool, {{"command", "true"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text, "Cannot run bash in the editor's terminal: no terminals here");
}

TEST_F(BashEditorTerminalTest, ASandboxedCommandStaysInPairsOwnRunner) {
  if (!probe_sandbox().available) GTEST_SKIP() << "bubblewrap cannot run here";
  ws.ctx().sandbox.enabled = true;
  ToolOutput out = call(tool, {{"command", "echo mine"}}, ws.ctx());
  EXPECT_EQ(out.text, "mine\n[exit code 0]");
  EXPECT_TRUE(terminal.commands.empty());
}

}  // namespace
}  // namespace pair
