#include "app/engine.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "app/mcp_servers.h"
#include "app/optional_tools.h"
#include "app/permission_setup.h"
#include "app/progress_line.h"
#include "app/prompt_cache_files.h"
#include "app/provider_factory.h"
#include "app/safe_git.h"
#include "app/version.h"
#include "config/project_trust.h"
#include "core/prompt.h"
#include "core/prompt_images.h"
#include "core/read_access.h"
#include "core/workspace_facts.h"
#include "local/local_model.h"
#include "local/server_exit.h"
#include "mcp/mcp_config.h"
#include "protocol/user_notes.h"
#include "providers/provider_error.h"
#include "tools/builtin_tools.h"
#include "util/notice_text.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/token_count.h"
#include "util/url.h"

namespace pair {

Result<std::unique_ptr<Engine>> Engine::create(EngineOptions options, ApprovalHandler& approvals,
                                               AgentEventHandler on_event) {
  std::unique_ptr<Engine> e(new Engine());
  e->options_ = std::move(options);
  e->on_event_ = std::move(on_event);
  auto models = load_models(e->options_.workspace);
  if (!models) return std::unexpected(models.error());
  e->models_ = std::move(*models);
  for (const auto& n : e->models_.notices) e->on_event_(agent_event::Warning{n});
  auto model = select_model(e->models_, e->options_.model_name);
  if (!model) return std::unexpected(model.error());
  e->model_ = std::move(*model);
  auto provider = e->build_provider(e->model_);
  if (!provider) return std::unexpected(provider.error());
  e->provider_ = std::move(*provider);

  auto settings = Settings::load(e->options_.workspace);
  if (!settings) return std::unexpected(settings.error());
  e->settings_ = std::make_unique<Settings>(std::move(*settings));
  e->view_ = read_settings_view(*e->settings_);

  add_builtin_tools(e->tools_);
  e->permissions_ = std::make_unique<PermissionPolicy>(e->options_.permission_mode, e->options_.workspace);
  auto notice = [raw = e.get()](const std::string& n) { raw->on_event_(agent_event::Notice{n}); };
  for (auto& rule : load_permission_rules(*e->settings_, e->options_.workspace, notice))
    e->permissions_->add_rule(std::move(rule));
  // Values of the wrong type, met while reading the view and the rules: each key keeps its default.
  for (const auto& w : e->settings_->warnings()) e->on_event_(agent_event::Warning{w});
  e->analyze_media_ =
      add_optional_tools(e->tools_, e->view_, e->models_, e->model_, *e->permissions_, notice).analyze_media;
  e->start_mcp_servers();
  AgentOptions agent_options;
  agent_options.workspace = e->options_.workspace;
  agent_options.max_turns = e->options_.max_turns;
  agent_options.generation = generation_options(e->model_);
  agent_options.compact_at = e->view_.context.compact_at;
  // Past a thousand repeats a threshold means "never" anyway; the cap keeps the guard's history small.
  auto repeats = [](int64_t n) { return static_cast<int>(std::min<int64_t>(n, 1000)); };
  agent_options.loop_guard = {.warn_after = repeats(e->view_.loop_guard.warn_after),
                              .stop_after = repeats(e->view_.loop_guard.stop_after)};
  agent_options.sandbox = load_sandbox_settings(e->view_.sandbox, notice);
  agent_options.changes = &e->journal_;
  agent_options.editor_files = e->options_.editor_files;
  agent_options.editor_terminal = e->options_.editor_terminal;
  agent_options.advice = {e->options_.front_end, e->model_.is_managed()};
  agent_options.tool_images = {accepts_images(e->model_), static_cast<size_t>(e->view_.vision.max_image_bytes)};
  e->agent_ =
      std::make_unique<Agent>(agent_options, *e->provider_, e->tools_, *e->permissions_, approvals, e->on_event_);
  e->agent_->set_message_observer([raw = e.get()](const Message& m) { raw->record(m); });
  e->agent_->set_compaction_observer([raw = e.get()](const std::vector<Message>& messages) {
    if (!raw->writer_) return;
    if (auto r = raw->writer_->append_compaction(messages); !r) raw->stop_recording(r.error());
  });
  e->agent_->set_rewind_observer([raw = e.get()](size_t dropped) {
    if (!raw->writer_) return;
    if (auto r = raw->writer_->append_rewind(dropped); !r) raw->stop_recording(r.error());
  });
  e->record_ = e->options_.record_session && !e->options_.sessions_root.empty();
  e->session_.id = new_session_id();
  e->session_.cwd = e->options_.workspace.string();
  e->session_.created = utc_timestamp();
  e->session_.model = e->model_.name;
  return e;
}

Engine::~Engine() = default;

size_t Engine::start_mcp_servers() {
  auto servers =
      mcp::load_mcp_servers(options_.workspace, project_trust(options_.workspace).trusted(), mcp::process_env());
  for (const auto& p : servers.problems) on_event_(agent_event::Notice{p});
  if (std::string n = servers.untrusted_notice(); !n.empty()) on_event_(agent_event::Notice{n});
  auto used = servers.used();
  for (const auto& extra : options_.extra_mcp_servers) {
    if (std::ranges::any_of(used, [&](const mcp::ServerConfig& s) { return s.name == extra.name; }))
      on_event_(agent_event::Notice{"MCP server " + extra.name + " from " + extra.source +
                                    " not started: a configured server has that name"});
    else
      used.push_back(extra);
  }
  if (used.empty()) return 0;
  size_t count = used.size();
  McpStartOptions start;
  start.workspace = options_.workspace;
  start.log_dir = state_dir() / "mcp";
  start.tool_budget_tokens = view_.mcp.tool_budget_tokens;
  start.client_version = kPairVersion;
  auto set = McpServerSet::begin(std::move(used), std::move(start),
                                 [this](const std::string& n) { on_event_(agent_event::Notice{n}); });
  std::lock_guard lock(mcp_mu_);
  mcp_ = std::move(set);
  return count;
}

std::vector<McpServerStatus> Engine::mcp_servers() const {
  std::lock_guard lock(mcp_mu_);
  return mcp_ ? mcp_->status() : std::vector<McpServerStatus>{};
}

Result<void> Engine::finish_mcp_start(std::stop_token stop) {
  if (!mcp_ || mcp_tools_added_) return {};
  if (!mcp_->wait_started(stop)) return fail(ErrorCode::kCancelled, "cancelled while MCP servers were starting");
  mcp_->add_tools(tools_);
  mcp_tools_added_ = true;
  agent_->tools_changed();
  return {};
}

Result<Engine::McpReload> Engine::reload_mcp_servers(std::stop_token stop) {
  if (auto r = finish_mcp_start(stop); !r) return std::unexpected(r.error());
  std::vector<ToolSpec> before = tools_.specs();
  tools_.remove_prefixed("mcp__");
  std::unique_ptr<McpServerSet> old;
  {
    std::lock_guard lock(mcp_mu_);
    old = std::move(mcp_);
  }
  old.reset();  // the old servers stop before their successors start (a stdio server may hold a lock)
  mcp_tools_added_ = false;
  McpReload reload;
  reload.servers = start_mcp_servers();
  auto started = finish_mcp_start(stop);
  if (!mcp_tools_added_) agent_->tools_changed();  // the old tools are gone even if the wait was cut short
  if (!started) return std::unexpected(started.error());
  for (const auto& spec : tools_.specs()) reload.tools += spec.name.starts_with("mcp__") ? 1 : 0;
  reload.tools_changed = before != tools_.specs();
  return reload;
}

void Engine::prepare_server(std::stop_token stop) {
  // Ask the server even when models.json names the window: it also tells the
  // server's kind (Ollama must be sent the window) and its slots.
  int slots = 1;
  auto info = provider_->context_window(stop);
  if (info) slots = info->slots;
  if (model_.context_window)
    agent_->set_context_window(*model_.context_window, "models.json");
  else if (info)
    agent_->set_context_window(info->tokens, info->source);
  PromptCacheStore* cache = provider_->prompt_cache();
  if (!cache) return;
  // Several slots: one per project, so pairs in other projects don't evict this one's cache, and
  // every session here (and the warm-up before it) shares the same system prompt and context.
  if (slots > 1)
    cache->pin_slot(
        static_cast<int>(std::hash<std::string>{}(options_.workspace.string()) % static_cast<size_t>(slots)));
  if (!saved_cache_ || !view_.context.restore_prompt_cache) return;
  PromptCacheRecord record = *saved_cache_;
  saved_cache_.reset();
  const auto& messages = agent_->messages();
  if (messages.size() < record.messages ||
      conversation_fingerprint(messages, record.messages, model_.model_id, tools_.specs()) != record.fingerprint) {
    on_event_(agent_event::Notice{"prompt cache not restored: the conversation changed since it was saved"});
    return;
  }
  auto restored = cache->restore(record.file, stop);
  if (!restored) {
    on_event_(agent_event::Notice{"prompt cache not restored (" + restored.error().message + ")"});
    return;
  }
  on_event_(agent_event::Notice{"restored the prompt cache: " + std::to_string(*restored) + " tokens"});
}

Result<agent_event::Compacted> Engine::compact(const std::string& focus, std::stop_token stop) {
  if (auto p = prepare(stop); !p) return std::unexpected(p.error());
  return agent_->compact(focus, /*automatic=*/false, stop);
}

Result<std::unique_ptr<ModelProvider>> Engine::build_provider(const ModelConfig& m) const {
  return options_.provider_factory ? options_.provider_factory(m) : make_provider(m);
}

const std::string& Engine::context_block() {
  // first_user_message(facts, text) is format_context(facts) + text: keep the first part's bytes.
  if (!context_block_) {
    auto facts = gather_workspace_facts(options_.workspace,
                                        [&](const std::vector<std::string>& args) -> std::optional<std::string> {
                                          bool ok = false;
                                          std::string out = run_safe_git(options_.workspace, args, &ok);
                                          if (!ok) return std::nullopt;
                                          return out;
                                        },
                                        {.user_file = config_dir() / "AGENTS.md",
                                         .max_bytes = static_cast<size_t>(view_.context.instructions_max_bytes)});
    if (!facts.instructions_cut_notice.empty()) on_event_(agent_event::Notice{facts.instructions_cut_notice});
    context_block_ = first_user_message(facts, "");
  }
  return *context_block_;
}

Result<void> Engine::prepare(std::stop_token stop) {
  if (prepared_ && !managed_server_exited()) return {};
  prepared_ = false;  // (again, when its server exited: started again and asked again for its window and slots)
  if (model_.is_managed()) {
    LocalModelOptions o;
    o.force = options_.force_fit;
    auto progress = options_.on_local_progress;
    o.on_progress = [progress](const ServerProgress& p) {
      if (progress) progress(p.message, p.transient);
    };
    o.on_pull = [progress](const PullProgress& p) {
      if (progress) progress("downloading " + format_pull_progress(p), p.note.empty());
    };
    auto ensured = ensure_model_server(model_, o, stop);
    if (!ensured) return std::unexpected(ensured.error());
    // What happened goes to the progress handler when there is one (a front-end shows it), else as notices.
    auto tell = [&](const std::string& text) {
      if (progress)
        progress(text, false);
      else
        on_event_(agent_event::Notice{text});
    };
    for (const auto& note : ensured->notes) tell(note);
    watch_server_ = ensured->outcome != EnsureOutcome::kReusedForeign;
    if (watch_server_ && std::ranges::find(managed_ports_, ensured->record.port) == managed_ports_.end())
      managed_ports_.push_back(ensured->record.port);
    if (ensured->outcome == EnsureOutcome::kStarted || ensured->outcome == EnsureOutcome::kRestarted) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.1f", static_cast<double>(ensured->waited.count()) / 1000.0);
      tell("started " + ensured->record.kind + " for \"" + model_.name + "\" on port " +
           std::to_string(ensured->record.port) + " (pid " + std::to_string(ensured->record.pid) + ", context " +
           format_tokens(ensured->record.context) + " tokens) in " + secs + " s");
    }
  }
  // After the model's server (which loads meanwhile); before anything that sends or fingerprints the tools.
  if (auto r = finish_mcp_start(stop); !r) return std::unexpected(r.error());
  prepare_server(stop);
  prepared_ = true;
  return {};
}

Result<WarmUpResult> Engine::warm_up(std::stop_token stop) {
  WarmUpResult result;
  if (resumed_) return result;
  for (const auto& m : agent_->messages())
    if (m.role != Role::kSystem) return result;  // a turn has happened: the cache follows the conversation
  auto url = parse_url(model_.base_url);
  if (!model_.is_managed() && !(url && is_local_host(url->host))) return result;
  if (auto p = prepare(stop); !p) return std::unexpected(p.error());  // the slot the turns will use, too
  std::vector<Message> messages = agent_->messages();
  messages.push_back(Message::user(context_block()));
  GenerationOptions g = session_generation();  // the effort may be in the prompt the chat template renders
  // One token at most: llama-server samples one even for 0 (without evaluating it), and vLLM and
  // OpenAI-style servers reject 0.
  g.max_tokens = 1;
  ChatRequest request{messages, tools_.specs(), g};
  auto sent = provider_->stream(
      request,
      [&](const ModelEvent& e) {
        if (const auto* t = std::get_if<model_event::Timings>(&e)) {
          result.prompt_tokens = t->timings.prompt_n + t->timings.cache_n;
          result.cached_tokens = t->timings.cache_n;
          result.prompt_ms = t->timings.prompt_ms;
        }
      },
      stop);
  if (!sent) return std::unexpected(sent.error());
  result.sent = true;
  return result;
}

agent_event::TurnFinished Engine::submit(const std::string& text, std::stop_token stop, const std::string& shown) {
  if (auto p = prepare(stop); !p) {
    agent_event::TurnFinished f;
    f.outcome = p.error().code == ErrorCode::kCancelled ? TurnOutcome::kCancelled : TurnOutcome::kError;
    f.error = p.error();
    on_event_(f);
    return f;
  }
  bool first = true;
  for (const auto& m : agent_->messages()) first = first && m.role == Role::kSystem;
  std::string body = pending_note_.empty() ? text : pending_note_ + "\n\n" + text;
  pending_note_.clear();
  if (message_context_) {
    // What the editor shows now (active file, selection), read as the message goes out.
    if (std::string extra = message_context_(stop); !extra.empty()) body += "\n\n" + extra;
  }
  PromptImages attached = attach_prompt_images(body, options_.workspace, prompt_image_options());
  for (const auto& n : attached.notices) on_event_(agent_event::Notice{n});
  std::string content = first ? context_block() + attached.text : attached.text;
  Message message = Message::user(std::move(content));
  message.images = std::move(attached.images);
  // What the user typed, for a replay: the content also carries notes, context and attached files.
  if (std::string typed = shown.empty() ? text : shown; typed != message.content) message.shown = std::move(typed);
  journal_.begin_turn();
  if (!writer_ && record_) start_recording();
  auto finished = agent_->run_turn(std::move(message), stop);
  cache_unsaved_ = finished.outcome != TurnOutcome::kCancelled;
  // A managed server that died during the turn: its cause now; it starts again with the next message.
  if (finished.outcome == TurnOutcome::kError && managed_server_exited())
    if (auto r = model_server_record(model_))
      on_event_(agent_event::Notice{server_exit_notice(*r) + "; it starts again with your next message"});
  return finished;
}

PromptImageOptions Engine::prompt_image_options() const {
  PromptImageOptions o;
  o.model_accepts_images = accepts_images(model_);
  o.model_name = model_.name;
  o.read_check = read_access_of(*permissions_).check;
  o.max_bytes = static_cast<size_t>(view_.vision.max_image_bytes);
  o.fallback_hint = analyze_media_ ? "analyze_media can look at it"
                                   : "no vision model is configured (models.json: \"vision\": true on a model that "
                                     "takes images, or an entry with \"purpose\": \"imagevid\")";
  return o;
}

namespace {

/// What to do about a models.json entry whose server did not answer a probe, by what went wrong.
std::string unreachable_advice(const ModelConfig& m, const Error& problem) {
  if (m.is_managed())
    return "pair server start " + m.name + " shows why its server does not answer (pair server logs " + m.name +
           " has its log)";
  switch (problem.code) {
    case ErrorCode::kConnection:
    case ErrorCode::kTimeout: return "start its server at " + m.base_url + " (or fix its url in models.json)";
    case ErrorCode::kAuth: return m.api_key_env.empty() ? "check its API key" : "check the API key in " + m.api_key_env;
    case ErrorCode::kNotFound:
      return "check that the server has the model \"" + m.model_id + "\" (modelId in models.json)";
    default: return "check its url in models.json (" + m.base_url + ")";
  }
}

}  // namespace

Engine::Reachability Engine::probe_model(std::string_view name, std::chrono::milliseconds timeout) const {
  std::optional<ModelConfig> entry;
  {
    std::lock_guard lock(models_mu_);
    for (const auto& m : models_.models)
      if (m.name == name) entry = m;
  }
  auto result = [](bool checked, bool reachable, double ms, std::string detail, std::string advice = {}) {
    return Reachability{checked, reachable, ms, std::move(detail), std::move(advice)};
  };
  if (!entry) return result(true, false, 0, "not in models.json");
  auto provider = build_provider(*entry);  // the same key, headers and signing a request uses
  if (!provider) return result(true, false, 0, shorten_middle(provider.error().message, 120));
  ProbeResult r = (*provider)->probe(timeout, {});
  if (!r.checked) return result(false, false, 0, "no quick check for this provider");
  if (!r.problem) return result(true, true, r.ms, "");
  // A local model's server that is not running starts when the model is chosen.
  if (entry->is_managed() && r.problem->code == ErrorCode::kConnection)
    return result(false, false, r.ms, "starts when chosen");
  return result(true, false, r.ms, brief_problem(*r.problem), unreachable_advice(*entry, *r.problem));
}

Result<void> Engine::reload_models() {
  auto models = load_models(options_.workspace);
  if (!models) return std::unexpected(models.error());
  std::lock_guard lock(models_mu_);
  models_ = std::move(*models);
  return {};
}

Result<void> Engine::switch_model(std::string_view name) {
  auto model = select_model(models_, name);
  if (!model) return std::unexpected(model.error());
  auto provider = build_provider(*model);
  if (!provider) return std::unexpected(provider.error());
  prepared_ = false;  // the new model's server is made ready (and asked about) at the next request
  watch_server_ = false;
  model_ = std::move(*model);
  provider_ = std::move(*provider);
  agent_->set_provider(*provider_);
  agent_->set_managed_model(model_.is_managed());
  agent_->set_tool_images({accepts_images(model_), static_cast<size_t>(view_.vision.max_image_bytes)});
  agent_->set_context_window(0, "");
  agent_->set_generation(session_generation());
  session_.model = model_.name;
  if (writer_)
    if (auto r = writer_->append_record("model", nlohmann::json{{"name", model_.name}}); !r) stop_recording(r.error());
  return {};
}

Result<UndoReport> Engine::undo_last_turn() {
  auto report = journal_.undo_last_turn();
  if (!report) return report;
  std::vector<std::string> files = report->restored;
  files.insert(files.end(), report->deleted.begin(), report->deleted.end());
  for (auto& f : files) f = display_path(options_.workspace, f);
  pending_note_ = undo_note(files);
  return report;
}

GenerationOptions Engine::session_generation() const {
  GenerationOptions g = generation_options(model_);
  if (reasoning_override_) g.reasoning = *reasoning_override_;
  return g;
}

ReasoningOptions Engine::reasoning() const {
  return session_generation().reasoning;
}

ReasoningOptions Engine::configured_reasoning() const {
  return generation_options(model_).reasoning;
}

void Engine::set_reasoning(const ReasoningOptions& reasoning) {
  reasoning_override_ = reasoning;
  agent_->set_generation(session_generation());
}

}  // namespace pair
