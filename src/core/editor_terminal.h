#pragma once
/// Commands run in an editor's terminal, for a front-end whose editor offers
/// one (the Agent Client Protocol's terminal/* methods): the editor shows the
/// command and its output as they happen. This changes where a command runs,
/// never whether: the permission check and the approval come first, and bash
/// uses the editor's terminal only where pair would have run the command
/// outside its sandbox (the sandbox is off, or cannot run here): a sandboxed
/// command stays in pair's own runner.
///
/// Thread affinity: the engine's thread (tools run there); `run` blocks until
/// the command ends, is cancelled through `stop`, or times out.

#include <chrono>
#include <filesystem>
#include <stop_token>
#include <string>
#include <vector>

#include "util/error.h"
#include "util/subprocess.h"

namespace pair {

/// One command for the editor's terminal.
struct TerminalCommand {
  std::vector<std::string> argv;  ///< the program and its arguments
  std::filesystem::path cwd;      ///< absolute
  std::vector<std::string> env;   ///< "NAME=value", added to the editor's environment
  std::chrono::seconds timeout{120};
  size_t output_limit = 32 * 1024;  ///< output bytes kept: the editor keeps the last ones
};

class EditorTerminal {
 public:
  virtual ~EditorTerminal() = default;
  /// Runs `command` to its end. The result is a process's: `output` (stdout
  /// and stderr together; `output_truncated` when its start was cut), the exit
  /// code or signal, `timed_out` or `cancelled` when the command was killed
  /// for that. Errors: the editor could not start it, or stopped answering.
  virtual Result<ProcessResult> run(const TerminalCommand& command, std::stop_token stop) = 0;
};

}  // namespace pair
