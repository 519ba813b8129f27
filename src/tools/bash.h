#pragma once
/// bash {command, timeout?}: runs `/bin/bash -c command` in the workspace, in
/// its own session and process group, with no terminal and stdin from
/// /dev/null; the environment asks programs for plain, non-interactive output
/// (TERM=dumb, NO_COLOR=1, PAGER=cat, GIT_PAGER=cat, GIT_TERMINAL_PROMPT=0,
/// ...). The result is stdout and stderr together, colour codes removed and
/// carriage-return redraws collapsed, capped keeping the head and the tail
/// (limits.bash_output_head/tail, in bounded memory), then a last line:
/// `[exit code N]`, `[killed by signal N (SIGX)]`,
/// `[timed out after Ns; the command and its children were killed]` or
/// `[cancelled; the command and its children were killed]` (ctx.stop).
/// `timeout` is in seconds: default limits.bash_default_timeout, at most
/// limits.bash_max_timeout. Anything but exit code 0 is an error result.
/// inspect: kExecute in the workspace, summary "bash: <first line>", detail
/// the whole command. run blocks the calling thread until the command ends.

#include <string>
#include <string_view>

#include "core/tool.h"

namespace pair {

class BashTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

/// Terminal output as plain text: ANSI escape sequences removed, and of a line
/// redrawn with carriage returns (progress bars) only the last state kept.
std::string plain_terminal_text(std::string_view s);

}  // namespace pair
