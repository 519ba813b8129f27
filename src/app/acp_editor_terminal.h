#pragma once
/// The editor's terminal over the Agent Client Protocol, for bash commands
/// pair would run outside its sandbox (core/editor_terminal.h): one
/// terminal/create per command, shown in the tool call, waited for with
/// terminal/wait_for_exit until the command ends, times out or the turn is
/// cancelled (then terminal/kill), its output read with terminal/output, and
/// always terminal/release at the end. Used only when the editor offered
/// `terminal` in `initialize`.
///
/// Thread affinity: the engine's (turn) thread; never the connection's reader
/// thread, which must stay free to receive the answers.

#include <chrono>
#include <functional>
#include <string>

#include "acp/json_rpc.h"
#include "core/editor_terminal.h"

namespace pair {

class AcpEditorTerminal : public EditorTerminal {
 public:
  /// How long kill, output and release may take once the wait is over: an
  /// editor that stops answering then does not hold the turn forever.
  static constexpr std::chrono::seconds kCleanupWait{5};

  /// `connection` outlives this.
  explicit AcpEditorTerminal(acp::Connection& connection) : connection_(connection) {}
  /// The session the requests name; set once the session has its id, before any turn.
  void set_session_id(std::string id) { session_id_ = std::move(id); }
  /// Told each terminal's id once the editor has created it (to show it in the tool call).
  void on_created(std::function<void(const std::string& terminal_id)> f) { on_created_ = std::move(f); }

  Result<ProcessResult> run(const TerminalCommand& command, std::stop_token stop) override;

 private:
  /// A request that gives up after `limit` (kCancelled).
  Result<nlohmann::json> call_within(std::string_view method, const nlohmann::json& params,
                                     std::chrono::milliseconds limit);

  acp::Connection& connection_;
  std::string session_id_;
  std::function<void(const std::string&)> on_created_;
};

}  // namespace pair
