#include "app/tui_backend.h"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <ctime>

#include "app/permission_setup.h"
#include "core/read_access.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/token_count.h"
#include "util/unified_diff.h"

namespace pair {
namespace fs = std::filesystem;

tui::ModelInfo model_info(const ModelConfig& m) {
  return {m.name, m.model_id, m.base_url, m.context_window.value_or(0)};
}

EngineBackend::EngineBackend(Engine& engine, fs::path workspace)
    : engine_(engine),
      workspace_(std::move(workspace)),
      read_policy_(engine.permissions()),
      read_check_(read_access_of(read_policy_).check) {
  copy_models();
  refresh();
}

void EngineBackend::copy_models() {
  std::vector<tui::ModelChoice> models;
  for (const auto& m : engine_.models().models)
    models.push_back({model_info(m), m.purpose == ModelPurpose::kImageVideo});
  std::lock_guard lock(mu_);
  models_ = std::move(models);
}

std::vector<tui::ModelChoice> EngineBackend::models() const {
  std::lock_guard lock(mu_);
  return models_;
}

Result<void> EngineBackend::reload_models() {
  if (auto r = engine_.reload_models(); !r) return r;
  copy_models();
  return {};
}

void EngineBackend::refresh() {
  std::lock_guard lock(mu_);
  model_ = model_info(engine_.model());
  session_id_ = engine_.recording() ? engine_.session().id : "";
}

tui::ModelInfo EngineBackend::model() const {
  std::lock_guard lock(mu_);
  return model_;
}

std::string EngineBackend::session_id() const {
  std::lock_guard lock(mu_);
  return session_id_;
}

agent_event::TurnFinished EngineBackend::submit(const std::string& text, const std::string& shown,
                                                std::stop_token stop) {
  auto finished = engine_.submit(text, stop, shown);
  refresh();  // the session file is made with the first turn
  return finished;
}

Result<tui::ModelInfo> EngineBackend::switch_model(const std::string& name) {
  if (auto r = engine_.switch_model(name); !r) return std::unexpected(r.error());
  refresh();
  return model();
}

void EngineBackend::clear() {
  engine_.new_conversation();
  refresh();
}

Result<std::string> EngineBackend::compact(const std::string& focus, std::stop_token stop) {
  auto done = engine_.compact(focus, stop);
  if (!done) return std::unexpected(done.error());
  if (done->summarized_messages == 0 && done->trimmed_outputs == 0)
    return fail(ErrorCode::kInvalidArgument, "nothing to compact yet: the conversation is only its latest turn");
  return fmt::format("compacted: {} → {} tokens ({} older messages summarised, {} tool outputs trimmed)",
                     format_tokens(done->tokens_before), format_tokens(done->tokens_after), done->summarized_messages,
                     done->trimmed_outputs);
}

void EngineBackend::warm_up(std::stop_token stop) {
  (void)engine_.warm_up(stop);
}

Result<tui::UndoResult> EngineBackend::undo() {
  auto r = engine_.undo_last_turn();
  if (!r) return std::unexpected(r.error());
  tui::UndoResult out;
  auto shown = [&](const std::vector<std::string>& paths) {
    std::vector<std::string> v;
    for (const auto& p : paths) v.push_back(display_path(workspace_, p));
    return v;
  };
  out.restored = shown(r->restored);
  out.deleted = shown(r->deleted);
  out.failed = r->failed;
  out.commands = r->commands;
  out.turns_left = r->turns_left;
  return out;
}

std::optional<std::string> EngineBackend::attach_refusal(const std::string& path) const {
  if (!read_check_) return std::nullopt;
  fs::path p = fs::path(path).lexically_normal();
  ReadDecision d = ReadFilter(read_check_, is_within(workspace_, p) ? workspace_ : p, workspace_).decide(p);
  if (d.allowed()) return std::nullopt;
  return d.reason;
}

tui::PermissionsView EngineBackend::permissions() {
  const PermissionPolicy& policy = engine_.permissions();
  return {std::string(permission_mode_name(policy.mode())), describe_rules(policy.rules().rules()),
          describe_sandbox(engine_.settings_view().sandbox)};
}

Result<std::string> EngineBackend::reload_mcp(std::stop_token stop) {
  auto r = engine_.reload_mcp_servers(stop);
  if (!r) return std::unexpected(r.error());
  if (r->servers == 0) return std::string("No MCP servers are configured now; none are running.");
  std::string line = fmt::format("MCP servers reloaded: {} {}, {} {}. ", r->servers,
                                 r->servers == 1 ? "server" : "servers", r->tools, r->tools == 1 ? "tool" : "tools");
  return line + (r->tools_changed ? "The tools changed, so the next request's prompt differs from its start: a local "
                                    "model reads all of it again once."
                                  : "The tools are the same, so the prompt (and the model's cache of it) is too.");
}

std::vector<tui::McpServerView> EngineBackend::mcp_servers() const {
  std::vector<tui::McpServerView> out;
  for (auto& s : engine_.mcp_servers())
    out.push_back(
        {std::move(s.name), std::move(s.target), std::move(s.state), std::move(s.tools), s.tokens, std::move(s.note)});
  return out;
}

std::vector<tui::FileDiff> EngineBackend::session_diff() {
  std::vector<tui::FileDiff> out;
  for (const auto& c : engine_.session_changes()) {
    std::string shown = display_path(workspace_, c.path);
    if (c.unknown) {
      out.push_back({shown, ""});
      continue;
    }
    DiffOptions options;
    options.old_missing = !c.existed_before;
    options.new_missing = !c.exists_now;
    out.push_back({shown, unified_diff(c.before, c.now, shown, options).text});
  }
  return out;
}

std::vector<tui::SessionSummary> EngineBackend::sessions() {
  std::vector<tui::SessionSummary> out;
  for (const auto& listed : engine_.recent_sessions(20)) {
    auto sys = std::chrono::file_clock::to_sys(listed.modified);
    std::time_t t = std::chrono::system_clock::to_time_t(sys);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M", std::localtime(&t));
    out.push_back({.id = listed.id, .when = when, .title = listed.title, .messages = listed.messages});
  }
  return out;
}

Result<std::vector<Message>> EngineBackend::resume(const std::string& id) {
  if (auto r = engine_.resume(id); !r) return std::unexpected(r.error());
  refresh();
  return engine_.messages();
}

tui::Reachability EngineBackend::probe(const std::string& name) const {
  Engine::Reachability r = engine_.probe_model(name, std::chrono::milliseconds(2000));
  return {r.reachable, r.checked, r.ms, r.detail, r.advice};
}

}  // namespace pair
