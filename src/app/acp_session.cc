#include "app/acp_session.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "acp/permission_request.h"
#include "acp/session_updates.h"
#include "acp/terminal_requests.h"
#include "app/engine_launch.h"
#include "config/project_trust.h"
#include "util/atomic_file.h"
#include "util/overloaded.h"

namespace pair {
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

/// A file's text, or nullopt when it does not exist (or cannot be read): the
/// "old text" of a diff that creates it.
std::optional<std::string> file_text(const fs::path& path) {
  auto text = read_file_to_string(path);
  if (!text) return std::nullopt;
  return std::move(*text);
}

/// Notices, warnings and the engine's progress go to stderr (the editor's
/// log): stdout carries protocol messages only.
void log_line(const std::string& text) {
  std::fprintf(stderr, "[pair] %s\n", text.c_str());
}

}  // namespace

Result<std::unique_ptr<AcpSession>> AcpSession::open(acp::Connection& connection, EngineOptions options,
                                                     const acp::ClientCapabilities& offers) {
  std::unique_ptr<AcpSession> s(new AcpSession(connection, options.workspace));
  s->files_ = std::make_unique<AcpEditorFiles>(connection, offers);
  if (s->files_->reads() || s->files_->writes()) options.editor_files = s->files_.get();
  if (offers.terminal) {
    s->terminal_ = std::make_unique<AcpEditorTerminal>(connection);
    // The editor shows the command's output live in the tool call running it (the first open one).
    s->terminal_->on_created([raw = s.get()](const std::string& terminal_id) {
      if (!raw->open_calls_.empty()) raw->send(acp::tool_call_terminal(raw->open_calls_.front().id, terminal_id));
    });
    options.editor_terminal = s->terminal_.get();
  }
  options.on_local_progress = [](const std::string& text, bool transient) {
    if (!transient) log_line(text);
  };
  auto engine = launch_engine(std::move(options), *s, [raw = s.get()](const AgentEvent& e) { raw->on_event(e); });
  if (!engine) return std::unexpected(engine.error());
  s->engine_ = std::move(*engine);
  s->mode_ = s->engine_->permissions().mode();
  s->id_ = s->engine_->session().id;
  s->files_->set_session_id(s->id_);
  if (s->terminal_) s->terminal_->set_session_id(s->id_);
  return s;
}

AcpSession::~AcpSession() {
  cancel();
  if (turn_.joinable()) turn_.join();
  if (warm_up_.joinable()) warm_up_.join();
  if (engine_) engine_->close_session();
}

void AcpSession::send(const json& update) {
  connection_.notify("session/update", json{{"sessionId", id_}, {"update", update}});
}

void AcpSession::tell(std::string_view severity, const std::string& text) {
  log_line(severity == "warning" ? "warning: " + text : text);
  // While the engine is created the session has no id yet: those go to the log only.
  if (send_notices_ && !id_.empty() && !text.empty()) send(acp::notice(severity, text));
}

namespace {

void remove_files(const std::vector<fs::path>& files) {
  std::error_code ec;
  for (const auto& f : files) fs::remove(f, ec);
}

}  // namespace

Result<void> AcpSession::prompt(const json& request_id, std::string text, std::vector<fs::path> attached) {
  std::lock_guard lock(turn_mu_);
  if (turn_running_) {
    remove_files(attached);
    return fail(ErrorCode::kInvalidArgument, "session " + id_ +
                                                 " is already running a prompt: wait for its answer, or send "
                                                 "session/cancel first");
  }
  if (turn_.joinable()) turn_.join();  // the previous turn has answered; its thread is ending
  turn_running_ = true;
  turn_ = std::jthread([this, request_id = json(request_id), text = std::move(text), attached = std::move(attached),
                        warm_up = std::move(warm_up_)](std::stop_token stop) mutable {
    // The engine runs one thing at a time, and the turn's first request extends the warm-up's.
    if (warm_up.joinable()) warm_up.join();
    run_turn(std::move(request_id), std::move(text), std::move(attached), stop);
  });
  return {};
}

void AcpSession::cancel() {
  std::lock_guard lock(turn_mu_);
  warm_up_stop_.request_stop();
  if (turn_running_) turn_.request_stop();
}

void AcpSession::start_warm_up() {
  if (!engine_->settings_view().ui.warm_up) return;
  warm_up_ = std::thread([this, stop = warm_up_stop_.get_token()] {
    if (auto warmed = engine_->warm_up(stop); !warmed && warmed.error().code != ErrorCode::kCancelled)
      log_line("warm-up: " + warmed.error().message);
  });
}

void AcpSession::set_mode(PermissionMode mode) {
  mode_ = mode;
  std::lock_guard lock(turn_mu_);
  if (turn_running_)
    pending_mode_ = static_cast<int>(mode);  // the policy is the turn thread's until it ends
  else
    engine_->set_permission_mode(mode);
}

std::vector<std::string> AcpSession::model_names() const {
  std::vector<std::string> names;
  for (const auto& m : engine_->models().models)
    if (m.purpose == ModelPurpose::kText) names.push_back(m.name);
  return names;
}

Result<void> AcpSession::switch_model(std::string_view name) {
  std::lock_guard lock(turn_mu_);
  if (turn_running_)
    return fail(
        ErrorCode::kInvalidArgument,
        "session " + id_ + " is running a prompt: switch models after its answer, or send session/cancel first");
  // A warm-up is for the model it started with; the engine runs one thing at a time.
  warm_up_stop_.request_stop();
  if (warm_up_.joinable()) warm_up_.join();
  return engine_->switch_model(name);
}

void AcpSession::apply_pending_mode() {
  if (int mode = pending_mode_.exchange(-1); mode >= 0) engine_->set_permission_mode(static_cast<PermissionMode>(mode));
}

void AcpSession::run_turn(json request_id, std::string text, std::vector<fs::path> attached, std::stop_token stop) {
  apply_pending_mode();
  turn_stop_ = stop;
  open_calls_.clear();
  before_.clear();
  answer_end_ = acp::AnswerEnd::kWhole;
  agent_event::TurnFinished finished = engine_->submit(text, stop);
  remove_files(attached);  // the message holds the images now (and the session file, when recorded)
  auto reason = acp::stop_reason(finished.outcome, answer_end_);
  {
    // Marked idle before the answer, so a prompt sent as soon as it arrives is taken.
    std::lock_guard lock(turn_mu_);
    turn_running_ = false;
    apply_pending_mode();
  }
  if (reason)
    connection_.respond(request_id, json{{"stopReason", std::string(*reason)}});
  else
    connection_.respond_error(request_id, acp::kInternalError,
                              finished.error ? finished.error->message : "the turn failed");
}

std::optional<std::string> AcpSession::text_of(const fs::path& path) {
  if (!files_->reads()) return file_text(path);
  // The diff the editor shows is against its buffer, as the tools' reads are; a cancel stops the wait.
  auto text = files_->read_text(path, turn_stop_);
  if (!text) return std::nullopt;
  return std::move(*text);
}

std::optional<fs::path> AcpSession::edited_path(const ToolCall& call) const {
  if (acp::tool_kind(call.name) != "edit") return std::nullopt;
  return acp::tool_call_path(call, workspace_);
}

void AcpSession::on_event(const AgentEvent& event) {
  apply_pending_mode();
  std::visit(
      overloaded{
          [](const agent_event::RequestStarted&) {},     // nothing to show: the chunks follow
          [](const agent_event::ToolCallStreaming&) {},  // the call is sent whole with the message
          [this](const agent_event::TextDelta& e) { send(acp::text_chunk("agent_message_chunk", e.text)); },
          [this](const agent_event::ReasoningDelta& e) { send(acp::text_chunk("agent_thought_chunk", e.text)); },
          [this](const agent_event::AssistantMessage& e) {
            for (const auto& call : e.message.tool_calls) {
              open_calls_.push_back(call);
              send(acp::tool_call_proposed(call, workspace_));
            }
          },
          [this](const agent_event::ToolStarted& e) {
            if (auto path = edited_path(e.call)) before_[e.call.id] = text_of(*path);
            send(acp::tool_call_update(e.call.id, "in_progress", e.summary));
          },
          [this](const agent_event::ToolFinished& e) {
            std::optional<acp::FileDiff> diff;
            auto before = before_.find(e.call.id);
            if (auto path = edited_path(e.call); path && !e.is_error && before != before_.end())
              if (auto after = text_of(*path)) diff = acp::FileDiff{*path, before->second, *after};
            send(acp::tool_call_update(e.call.id, e.is_error ? "failed" : "completed", "", diff, diff ? "" : e.output));
            if (before != before_.end()) before_.erase(before);
            std::erase_if(open_calls_, [&](const ToolCall& c) { return c.id == e.call.id; });
          },
          [](const agent_event::Usage&) {},     // a request's own counts: the window's fill below says more
          [](const agent_event::Timings&) {},   // server timings: for the terminal's status line
          [](const agent_event::Progress&) {},  // prompt processing progress: likewise
          [this](const agent_event::ContextUsage& e) {
            // The editor's context meter; without a known window there is nothing to measure against.
            if (e.window > 0) send(acp::usage_update(e.used, e.window));
          },
          [](const agent_event::Compacted& e) {
            log_line("compacted the conversation: " + std::to_string(e.tokens_before) + " → " +
                     std::to_string(e.tokens_after) + " tokens");
          },
          [this](const agent_event::Notice& e) { tell("info", e.text); },
          [this](const agent_event::Warning& e) { tell("warning", e.text); },
          [this](const agent_event::AnswerCutOff& e) {
            answer_end_ = e.filtered ? acp::AnswerEnd::kRefused : acp::AnswerEnd::kCutOff;
          },
          [this](const agent_event::TurnFinished& e) {
            // run_turn answers the prompt with its outcome; a stopped loop ends it as end_turn, so say why here.
            if (e.outcome == TurnOutcome::kLoopDetected) tell("warning", "stopped a loop: " + e.detail);
          },
      },
      event);
}

ApprovalAnswer AcpSession::ask(const ApprovalRequest& request) {
  if (!request.rule.empty() && rejected_rules_.contains(request.rule))
    return {ApprovalDecision::kDeny, "the user rejected " + request.rule + " for the rest of this session"};
  std::string call_id = open_calls_.empty() ? "" : open_calls_.front().id;
  std::optional<acp::FileDiff> diff;
  if (request.new_content && !request.path.empty()) {
    fs::path path = workspace_ / fs::path(request.path);
    diff = acp::FileDiff{path, text_of(path), *request.new_content};
  }
  json tool_call = acp::tool_call_fields(call_id, "pending", request.summary, diff, diff ? "" : request.detail);
  auto result = connection_.call("session/request_permission", acp::permission_params(id_, tool_call), request.stop);
  if (!result) return {ApprovalDecision::kDeny, "no answer from the editor: " + result.error().message};
  switch (acp::permission_choice(*result)) {
    case acp::PermissionChoice::kAllowOnce: return {ApprovalDecision::kAllowOnce, ""};
    case acp::PermissionChoice::kAllowAlways: {
      ApprovalAnswer answer{ApprovalDecision::kAllowAlways, ""};
      // The same rule, in the same place, as the terminal UI's "always" answer.
      if (request.rule.empty()) return answer;
      if (auto saved = add_user_project_rule(workspace_, request.rule))
        answer.saved_in = user_project_rules_source();
      else
        log_line("allowed " + request.rule + " for this session only; not saved: " + saved.error().message);
      return answer;
    }
    case acp::PermissionChoice::kRejectAlways:
      if (!request.rule.empty()) rejected_rules_.insert(request.rule);
      return {ApprovalDecision::kDeny, ""};
    case acp::PermissionChoice::kRejectOnce: return {ApprovalDecision::kDeny, ""};
    case acp::PermissionChoice::kCancelled: return {ApprovalDecision::kDeny, "the turn was cancelled"};
  }
  return {ApprovalDecision::kDeny, ""};
}

void AcpSession::replay() {
  for (const Message& m : engine_->messages()) {
    switch (m.role) {
      case Role::kSystem: break;  // pair's own prompt: never shown
      case Role::kUser: send(acp::text_chunk("user_message_chunk", m.shown.empty() ? m.content : m.shown)); break;
      case Role::kAssistant:
        if (!m.reasoning.empty()) send(acp::text_chunk("agent_thought_chunk", m.reasoning));
        if (!m.content.empty()) send(acp::text_chunk("agent_message_chunk", m.content));
        for (const auto& call : m.tool_calls) send(acp::tool_call_proposed(call, workspace_));
        break;
      case Role::kTool:
        send(acp::tool_call_update(m.tool_call_id, m.is_error ? "failed" : "completed", "", std::nullopt, m.content));
        break;
    }
  }
}

}  // namespace pair
