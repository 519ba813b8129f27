#include "app/tui_backend.h"

#include <fmt/format.h>
#include <algorithm>
#include <chrono>
#include <ctime>

#include "app/permission_setup.h"
#include "app/provider_factory.h"
#include "core/read_access.h"
#include "providers/provider_error.h"
#include "util/notice_text.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/unified_diff.h"

namespace pair {
namespace fs = std::filesystem;

tui::ModelInfo model_info(const ModelConfig& m) {
  return {m.name, m.model_id, m.base_url, m.context_window.value_or(0)};
}

EngineBackend::EngineBackend(Engine& engine, fs::path workspace, fs::path sessions_root, AgentEventHandler notify)
    : engine_(engine),
      workspace_(std::move(workspace)),
      sessions_root_(std::move(sessions_root)),
      notify_(std::move(notify)),
      configs_(engine.models().models),
      read_policy_(engine.permissions()),
      read_check_(read_access_of(read_policy_).check) {
  for (const auto& m : configs_) models_.push_back({model_info(m), m.purpose == ModelPurpose::kImageVideo});
  refresh();
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

agent_event::TurnFinished EngineBackend::submit(const std::string& text, std::stop_token stop) {
  // The session file is made with the first turn, so starting pair and
  // leaving leaves nothing behind.
  if (!engine_.recording() && !sessions_root_.empty()) {
    if (auto r = engine_.start_session(); !r) notify_(agent_event::Notice{"session not saved: " + r.error().message});
    refresh();
  }
  return engine_.submit(text, stop);
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
                     done->tokens_before, done->tokens_after, done->summarized_messages, done->trimmed_outputs);
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
          describe_sandbox(engine_.settings())};
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
  if (sessions_root_.empty()) return out;
  fs::path dir = project_sessions_dir(sessions_root_, workspace_.string());
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".jsonl") files.emplace_back(e.last_write_time(ec), e.path());
  std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [when, path] : files) {
    if (out.size() >= 20) break;
    if (path == engine_.session().path) continue;
    auto loaded = load_session(path);
    if (!loaded) continue;
    tui::SessionSummary s;
    s.id = loaded->info.id;
    auto sys = std::chrono::file_clock::to_sys(when);
    std::time_t t = std::chrono::system_clock::to_time_t(sys);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&t));
    s.when = buf;
    for (const auto& m : loaded->messages) {
      if (m.role == Role::kSystem) continue;
      ++s.messages;
      if (s.title.empty() && m.role == Role::kUser) {
        std::string_view text = m.content;
        if (size_t end = text.find("</context>"); text.starts_with("<context>") && end != std::string_view::npos)
          text = text.substr(end + 10);
        text = trim(text);
        s.title = std::string(text.substr(0, text.find('\n')));
        if (s.title.size() > 80) s.title = s.title.substr(0, 77) + "...";
      }
    }
    if (s.messages > 0) out.push_back(std::move(s));
  }
  return out;
}

Result<std::vector<Message>> EngineBackend::resume(const std::string& id) {
  auto file = find_session(sessions_root_, id);
  if (!file) return std::unexpected(file.error());
  if (auto r = engine_.resume_session(*file); !r) return std::unexpected(r.error());
  refresh();
  return engine_.messages();
}

tui::Reachability EngineBackend::probe(const std::string& name) const {
  auto it = std::find_if(configs_.begin(), configs_.end(), [&](const ModelConfig& m) { return m.name == name; });
  if (it == configs_.end()) return {false, true, 0, "not in models.json"};
  auto provider = make_provider(*it);  // the same key, headers and signing a request uses
  if (!provider) return {false, true, 0, shorten_middle(provider.error().message, 120)};
  ProbeResult r = (*provider)->probe(std::chrono::milliseconds(2000), {});
  if (!r.checked) return {false, false, 0, "no quick check for this provider"};
  if (!r.problem) return {true, true, r.ms, ""};
  // A local model's server that is not running starts when the model is chosen.
  if (it->is_managed() && r.problem->code == ErrorCode::kConnection) return {false, false, r.ms, "starts when chosen"};
  return {false, true, r.ms, brief_problem(*r.problem)};
}

}  // namespace pair
