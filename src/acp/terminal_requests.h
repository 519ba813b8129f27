#pragma once
/// The shapes of the editor's terminal/* methods as pair uses them: the
/// params of terminal/create, the exit status of terminal/wait_for_exit and
/// terminal/output, and the tool call content that shows a terminal. Pure
/// functions; the answers are read tolerantly (they come from outside).

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pair::acp {

/// terminal/create's params: `argv[0]` as the command, the rest as its args,
/// `env` ("NAME=value") as name/value pairs, `cwd` absolute.
nlohmann::json terminal_create_params(std::string_view session_id, const std::vector<std::string>& argv,
                                      const std::filesystem::path& cwd, const std::vector<std::string>& env,
                                      size_t output_byte_limit);

/// {sessionId, terminalId}: the params of output, wait_for_exit, kill and release.
nlohmann::json terminal_params(std::string_view session_id, std::string_view terminal_id);

/// How a command ended: its exit code, or the signal's name ("SIGKILL").
struct TerminalExit {
  std::optional<int> exit_code;
  std::string signal;
};

/// An exit status object ({exitCode, signal}); nullopt when `status` is no
/// object (terminal/output's `exitStatus` before the command ends).
std::optional<TerminalExit> terminal_exit(const nlohmann::json& status);

/// The tool_call_update that shows terminal `terminal_id` as the call's content.
nlohmann::json tool_call_terminal(std::string_view call_id, std::string_view terminal_id);

}  // namespace pair::acp
