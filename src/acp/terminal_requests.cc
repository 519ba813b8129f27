#include "acp/terminal_requests.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair::acp {
using nlohmann::json;

json terminal_create_params(std::string_view session_id, const std::vector<std::string>& argv,
                            const std::filesystem::path& cwd, const std::vector<std::string>& env,
                            size_t output_byte_limit) {
  json args = json::array();
  for (size_t i = 1; i < argv.size(); ++i) args.push_back(argv[i]);
  json variables = json::array();
  for (const auto& e : env) {
    size_t eq = e.find('=');
    variables.push_back({{"name", e.substr(0, eq)}, {"value", eq == std::string::npos ? "" : e.substr(eq + 1)}});
  }
  return json{{"sessionId", session_id}, {"command", argv.empty() ? "" : argv[0]}, {"args", args}, {"env", variables},
              {"cwd", cwd.string()},     {"outputByteLimit", output_byte_limit}};
}

json terminal_params(std::string_view session_id, std::string_view terminal_id) {
  return json{{"sessionId", session_id}, {"terminalId", terminal_id}};
}

std::optional<TerminalExit> terminal_exit(const json& status) {
  if (!status.is_object()) return std::nullopt;
  TerminalExit exit;
  if (const json& code = json_member(status, "exitCode"); code.is_number_integer())
    exit.exit_code = json_as_int32(code);
  exit.signal = json_string_or(status, "signal");
  return exit;
}

json tool_call_terminal(std::string_view call_id, std::string_view terminal_id) {
  return json{{"sessionUpdate", "tool_call_update"},
              {"toolCallId", call_id},
              {"content", json::array({{{"type", "terminal"}, {"terminalId", terminal_id}}})}};
}

}  // namespace pair::acp
