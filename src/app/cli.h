#pragma once
/// Command-line options. Exit codes (documented in README.md):
///   0 success, 1 the turn failed, 2 usage or configuration error,
///   3 stopped by --max-turns, 4 stopped a loop of repeated tool calls,
///   130 interrupted.

#include <optional>
#include <string>

#include "app/commands/local_cli.h"
#include "core/permissions.h"
#include "headless/headless_output.h"

namespace pair {

enum ExitCode : int {
  kExitOk = 0,
  kExitTurnFailed = 1,
  kExitUsage = 2,
  kExitMaxTurns = 3,
  kExitLoopDetected = 4,
  kExitInterrupted = 130,
};

struct CliOptions {
  std::optional<std::string> prompt;  ///< -p; "-" reads stdin
  std::string model;
  OutputFormat output_format = OutputFormat::kText;
  int max_turns = 0;
  bool continue_last = false;
  std::string resume_id;
  PermissionMode permission_mode = PermissionMode::kDefault;
  std::string cwd;
  bool verbose = false;
  bool no_session = false;
  std::optional<bool> ide;  ///< --ide (true) / --no-ide (false); unset: automatic
  bool force = false;       ///< start a local model even when the memory check refuses
  LocalCommand local;       ///< pair model|server|doctor ...
};

/// Parses argv; on --help or an error prints (to stdout / stderr) and sets
/// `exit_code`.
std::optional<CliOptions> parse_cli(int argc, char** argv, int* exit_code);

}  // namespace pair
