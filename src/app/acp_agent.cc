#include "app/acp_agent.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <system_error>

#include "acp/prompt_content.h"
#include "app/acp_mcp_servers.h"
#include "app/acp_prompt_images.h"
#include "app/engine_launch.h"
#include "app/first_run.h"
#include "app/project_trust_gate.h"
#include "app/version.h"
#include "config/models_config.h"
#include "util/json_parse.h"
#include "util/paths.h"

namespace pair {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// pair's permission modes as the session's modes, `current` selected.
json session_modes(PermissionMode current) {
  struct Mode {
    PermissionMode mode;
    const char* name;
    const char* description;
  };
  static constexpr Mode kModes[] = {
      {PermissionMode::kDefault, "Ask", "Reads in the project run; edits, commands and the rest ask first"},
      {PermissionMode::kAcceptEdits, "Accept edits", "Edits in the project run too; commands and the rest ask"},
      {PermissionMode::kBypass, "Bypass", "Everything runs without asking"},
  };
  json available = json::array();
  for (const auto& m : kModes)
    available.push_back(
        {{"id", std::string(permission_mode_name(m.mode))}, {"name", m.name}, {"description", m.description}});
  return json{{"currentModeId", std::string(permission_mode_name(current))}, {"availableModes", available}};
}

/// The session's options: the model, one of the models.json entries.
json config_options(const AcpSession& session) {
  json models = json::array();
  for (const auto& name : session.model_names()) models.push_back({{"value", name}, {"name", name}});
  return json::array({{{"id", "model"},
                       {"name", "Model"},
                       {"category", "model"},
                       {"type", "select"},
                       {"currentValue", session.model_name()},
                       {"options", models}}});
}

/// The session's models as the protocol's model selector describes them (`session/set_model`).
json session_models(const AcpSession& session) {
  json available = json::array();
  for (const auto& name : session.model_names()) available.push_back({{"modelId", name}, {"name", name}});
  return json{{"currentModelId", session.model_name()}, {"availableModels", available}};
}

/// Whether the model a new session in the agent's directory starts with takes images. The
/// capability is the connection's, told before any session names its project; editors start
/// their agent in the project, so its directory's models are the ones a session gets.
bool default_model_takes_images(std::string_view model_name) {
  std::error_code ec;
  auto workspace = resolve_workspace(fs::current_path(ec).string());
  if (!workspace) return false;
  auto models = load_models(*workspace);
  if (!models) return false;
  auto model = select_model(*models, model_name);
  return model && accepts_images(*model);
}

}  // namespace

AcpAgent::AcpAgent(acp::Connection& connection, const CliOptions& options)
    : connection_(connection), options_(options) {
  connection_.on_request("initialize", [this](const json& id, const json& p) { initialize(id, p); });
  connection_.on_request("session/new", [this](const json& id, const json& p) { open_session(id, p, false); });
  connection_.on_request("session/load", [this](const json& id, const json& p) { open_session(id, p, true); });
  connection_.on_request("session/prompt", [this](const json& id, const json& p) { prompt(id, p); });
  connection_.on_request("session/set_mode", [this](const json& id, const json& p) { set_mode(id, p); });
  connection_.on_request("session/set_config_option",
                         [this](const json& id, const json& p) { set_config_option(id, p); });
  connection_.on_request("session/set_model", [this](const json& id, const json& p) { set_model(id, p); });
  connection_.on_notification("session/cancel", [this](const json& p) { cancel(p); });
}

AcpAgent::~AcpAgent() {
  for (auto& [id, session] : sessions_) session->cancel();
  sessions_.clear();
}

void AcpAgent::initialize(const json& id, const json& params) {
  client_ = acp::client_capabilities(json_member(params, "clientCapabilities"));
  // Version 1 is the one spoken: the answer to any other request, as the protocol's negotiation says.
  // Images are offered when the starting model takes them. One sent anyway (after a switch to a
  // model that takes them, or by an editor that ignores the capability) is still attached; a
  // model that takes none is told an image was not attached.
  json prompt_capabilities{
      {"image", default_model_takes_images(options_.model)}, {"audio", false}, {"embeddedContext", true}};
  connection_.respond(id, json{{"protocolVersion", 1},
                               {"agentCapabilities",
                                {{"loadSession", true},
                                 {"promptCapabilities", prompt_capabilities},
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
  // What an untrusted project's files were not allowed to change goes to the editor's log.
  if (auto trust = summarize_project_trust(*workspace); trust)
    for (const auto& line : untrusted_project_notice(*trust)) std::fprintf(stderr, "[pair] %s\n", line.c_str());
  // A first run with nothing to talk to is an answer with the commands that fix it, not a
  // connection error at the first prompt.
  if (auto models = load_models(*workspace);
      models && models->withheld.empty() && nothing_configured(*models, options_.model)) {
    connection_.respond_error(id, acp::kInternalError,
                              std::string(method) + ": " + first_run_instructions(first_run_facts()));
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
  auto session = AcpSession::open(connection_, std::move(eo), client_);
  if (!session) {
    connection_.respond_error(id,
                              session.error().code == ErrorCode::kNotFound ? acp::kInvalidParams : acp::kInternalError,
                              std::string(method) + ": " + session.error().message);
    return;
  }
  std::string session_id = (*session)->id();
  (*session)->send_notices(client_.notices);
  if (load)
    (*session)->replay();
  else
    (*session)->start_warm_up();
  sessions_[session_id] = std::move(*session);
  const AcpSession& opened = *sessions_[session_id];
  json result{{"modes", session_modes(opened.mode())},
              {"configOptions", config_options(opened)},
              {"models", session_models(opened)}};
  if (!load) result["sessionId"] = session_id;
  connection_.respond(id, result);
}

AcpSession* AcpAgent::session_for(const json& id, const json& params, std::string_view method) {
  std::string session_id = json_string_or(params, "sessionId");
  if (auto it = sessions_.find(session_id); it != sessions_.end()) return it->second.get();
  connection_.respond_error(id, acp::kInvalidParams,
                            std::string(method) + ": no open session \"" + session_id +
                                "\": create one with session/new or open it with session/load");
  return nullptr;
}

void AcpAgent::prompt(const json& id, const json& params) {
  AcpSession* session = session_for(id, params, "session/prompt");
  if (!session) return;
  auto content = acp::prompt_content(json_member(params, "prompt"));
  if (content && content->images.empty() && content->text.find_first_not_of(" \t\r\n") == std::string::npos)
    content = fail(ErrorCode::kInvalidArgument, "the prompt is empty");
  if (!content) {
    connection_.respond_error(id, acp::kInvalidParams, "session/prompt: " + content.error().message);
    return;
  }
  // Images are attached as `@file` mentions are (acp_prompt_images.h).
  auto files = write_prompt_images(content->images, state_dir() / "acp-images");
  if (!files) {
    connection_.respond_error(
        id, files.error().code == ErrorCode::kInvalidArgument ? acp::kInvalidParams : acp::kInternalError,
        "session/prompt: " + files.error().message);
    return;
  }
  std::string text = std::move(content->text);
  for (const auto& file : *files) text += (text.empty() ? "@" : "\n\n@") + file.string();
  if (auto started = session->prompt(id, std::move(text), std::move(*files)); !started)
    connection_.respond_error(id, acp::kInvalidRequest, "session/prompt: " + started.error().message);
}

void AcpAgent::set_mode(const json& id, const json& params) {
  AcpSession* session = session_for(id, params, "session/set_mode");
  if (!session) return;
  std::string mode_id = json_string_or(params, "modeId");
  auto mode = parse_permission_mode(mode_id);
  if (!mode) {
    connection_.respond_error(
        id, acp::kInvalidParams,
        "session/set_mode: unknown mode \"" + mode_id + "\": pair's modes are default, accept-edits and bypass");
    return;
  }
  session->set_mode(*mode);
  connection_.respond(id, json::object());
}

void AcpAgent::set_config_option(const json& id, const json& params) {
  AcpSession* session = session_for(id, params, "session/set_config_option");
  if (!session) return;
  std::string option = json_string_or(params, "configId");
  const json& value = json_member(params, "value");
  if (option != "model" || !value.is_string()) {
    connection_.respond_error(id, acp::kInvalidParams,
                              "session/set_config_option: pair's only option is \"model\", with a models.json "
                              "entry's name as its value (got \"" +
                                  option + "\")");
    return;
  }
  if (switch_model(id, *session, json_as_string(value), "session/set_config_option"))
    connection_.respond(id, json{{"configOptions", config_options(*session)}});
}

void AcpAgent::set_model(const json& id, const json& params) {
  AcpSession* session = session_for(id, params, "session/set_model");
  if (!session) return;
  const json& model = json_member(params, "modelId");
  if (!model.is_string()) {
    connection_.respond_error(id, acp::kInvalidParams,
                              "session/set_model: \"modelId\" must be a models.json entry's name");
    return;
  }
  if (switch_model(id, *session, json_as_string(model), "session/set_model")) connection_.respond(id, json::object());
}

bool AcpAgent::switch_model(const json& id, AcpSession& session, const std::string& name, std::string_view method) {
  auto switched = session.switch_model(name);
  if (switched) return true;
  connection_.respond_error(
      id, switched.error().code == ErrorCode::kInvalidArgument ? acp::kInvalidRequest : acp::kInvalidParams,
      std::string(method) + ": " + switched.error().message);
  return false;
}

void AcpAgent::cancel(const json& params) {
  if (auto it = sessions_.find(json_string_or(params, "sessionId")); it != sessions_.end()) it->second->cancel();
}

}  // namespace pair
