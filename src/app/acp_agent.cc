#include "app/acp_agent.h"

#include <nlohmann/json.hpp>

#include "acp/prompt_content.h"
#include "app/acp_mcp_servers.h"
#include "app/engine_launch.h"
#include "app/version.h"
#include "util/json_parse.h"

namespace pair {
using nlohmann::json;
namespace fs = std::filesystem;

AcpAgent::AcpAgent(acp::Connection& connection, const CliOptions& options)
    : connection_(connection), options_(options) {
  connection_.on_request("initialize", [this](const json& id, const json& p) { initialize(id, p); });
  connection_.on_request("session/new", [this](const json& id, const json& p) { open_session(id, p, false); });
  connection_.on_request("session/load", [this](const json& id, const json& p) { open_session(id, p, true); });
  connection_.on_request("session/prompt", [this](const json& id, const json& p) { prompt(id, p); });
  connection_.on_notification("session/cancel", [this](const json& p) { cancel(p); });
}

AcpAgent::~AcpAgent() {
  for (auto& [id, session] : sessions_) session->cancel();
  sessions_.clear();
}

void AcpAgent::initialize(const json& id, const json&) {
  // Version 1 is the one spoken: the answer to any other request, as the protocol's negotiation says.
  connection_.respond(id,
                      json{{"protocolVersion", 1},
                           {"agentCapabilities",
                            {{"loadSession", true},
                             {"promptCapabilities", {{"image", false}, {"audio", false}, {"embeddedContext", true}}},
                             {"mcpCapabilities", {{"http", true}, {"sse", false}}}}},
                           {"agentInfo", {{"name", "pair"}, {"title", "pair"}, {"version", kPairVersion}}},
                           {"authMethods", json::array()}});
}

void AcpAgent::open_session(const json& id, const json& params, bool load) {
  const char* method = load ? "session/load" : "session/new";
  std::string cwd = json_string_or(params, "cwd");
  if (cwd.empty() || !fs::path(cwd).is_absolute()) {
    connection_.respond_error(id, acp::kInvalidParams,
                              std::string(method) + ": \"cwd\" must be the absolute path of the project's directory");
    return;
  }
  auto workspace = resolve_workspace(cwd);
  if (!workspace) {
    connection_.respond_error(id, acp::kInvalidParams, std::string(method) + ": " + workspace.error().message);
    return;
  }
  auto servers = acp_mcp_servers(json_member(params, "mcpServers"));
  if (!servers) {
    connection_.respond_error(id, acp::kInvalidParams, std::string(method) + ": " + servers.error().message);
    return;
  }
  EngineOptions eo = engine_options(options_, *workspace);
  eo.extra_mcp_servers = std::move(*servers);
  eo.session = {SessionOpening::kNew, ""};
  if (load) {
    std::string session_id = json_string_or(params, "sessionId");
    if (session_id.empty()) {
      connection_.respond_error(id, acp::kInvalidParams, "session/load: \"sessionId\" is missing");
      return;
    }
    sessions_.erase(session_id);  // loaded again: the open one is closed first
    eo.session = {SessionOpening::kResume, session_id};
  }
  auto session = AcpSession::open(connection_, std::move(eo));
  if (!session) {
    connection_.respond_error(id,
                              session.error().code == ErrorCode::kNotFound ? acp::kInvalidParams : acp::kInternalError,
                              std::string(method) + ": " + session.error().message);
    return;
  }
  std::string session_id = (*session)->id();
  if (load) (*session)->replay();
  sessions_[session_id] = std::move(*session);
  connection_.respond(id, load ? json::object() : json{{"sessionId", session_id}});
}

void AcpAgent::prompt(const json& id, const json& params) {
  std::string session_id = json_string_or(params, "sessionId");
  auto it = sessions_.find(session_id);
  if (it == sessions_.end()) {
    connection_.respond_error(id, acp::kInvalidParams,
                              "session/prompt: no open session \"" + session_id +
                                  "\": create one with session/new or open it with session/load");
    return;
  }
  auto text = acp::prompt_text(json_member(params, "prompt"));
  if (!text) {
    connection_.respond_error(id, acp::kInvalidParams, "session/prompt: " + text.error().message);
    return;
  }
  if (auto started = it->second->prompt(id, std::move(*text)); !started)
    connection_.respond_error(id, acp::kInvalidRequest, "session/prompt: " + started.error().message);
}

void AcpAgent::cancel(const json& params) {
  if (auto it = sessions_.find(json_string_or(params, "sessionId")); it != sessions_.end()) it->second->cancel();
}

}  // namespace pair
