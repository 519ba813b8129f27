#pragma once
/// `pair acp`'s side of the Agent Client Protocol (version 1): the methods an
/// editor calls (initialize, session/new, session/load, session/prompt,
/// session/set_mode, session/set_config_option, session/set_model, and the
/// session/cancel notification), each session an AcpSession keyed by its id.
/// Unknown methods and malformed messages are the connection's to answer
/// (acp/json_rpc.h); bad params here are answered -32602 with what is wrong.
///
/// Thread affinity: the connection's reader thread (every handler runs there).

#include <nlohmann/json_fwd.hpp>

#include <map>
#include <memory>
#include <string>

#include "acp/client_capabilities.h"
#include "acp/json_rpc.h"
#include "app/acp_session.h"
#include "app/cli.h"

namespace pair {

class AcpAgent {
 public:
  /// Registers the methods on `connection`; `options` (-m, --permission-mode,
  /// --max-turns, --no-session, --force) apply to every session. Both outlive it.
  AcpAgent(acp::Connection& connection, const CliOptions& options);
  /// Cancels running turns and closes every session.
  ~AcpAgent();

 private:
  void initialize(const nlohmann::json& id, const nlohmann::json& params);
  /// session/new and session/load: `load` names the stored session to open.
  void open_session(const nlohmann::json& id, const nlohmann::json& params, bool load);
  void prompt(const nlohmann::json& id, const nlohmann::json& params);
  void cancel(const nlohmann::json& params);
  void set_mode(const nlohmann::json& id, const nlohmann::json& params);
  /// session/set_config_option: "model" chooses a models.json entry.
  void set_config_option(const nlohmann::json& id, const nlohmann::json& params);
  /// session/set_model: a models.json entry, as the "model" option is.
  void set_model(const nlohmann::json& id, const nlohmann::json& params);
  /// Switches `session` to the entry `name`; false after answering `id` with the error.
  bool switch_model(const nlohmann::json& id, AcpSession& session, const std::string& name, std::string_view method);
  /// The open session `params` names, or nullptr after answering `id` with the error.
  AcpSession* session_for(const nlohmann::json& id, const nlohmann::json& params, std::string_view method);

  acp::Connection& connection_;
  const CliOptions& options_;
  std::map<std::string, std::unique_ptr<AcpSession>> sessions_;
  acp::ClientCapabilities client_;  ///< initialize's clientCapabilities
};

}  // namespace pair
