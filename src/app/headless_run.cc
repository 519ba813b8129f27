#include "app/headless_run.h"

#include "app/editor_bridge.h"
#include "app/engine.h"
#include "app/first_run.h"
#include "app/interrupt_watcher.h"
#include "app/progress_line.h"
#include "app/project_trust_gate.h"
#include "headless/headless_approvals.h"
#include "headless/headless_output.h"
#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

int run_headless(const CliOptions& o, const std::string& prompt) {
  InterruptWatcher interrupts;
  HeadlessOutput out(*parse_output_format(o.output_format), o.verbose);
  HeadlessApprovals headless_approvals(out);
  // With an editor connected, proposed edits are reviewed there (its answer is final).
  IdeApprovals approvals(headless_approvals, ReviewMode::kEditorDecides);
  std::unique_ptr<IdeBridge> editor;  // outlives the engine's turns

  std::error_code ec;
  fs::path workspace = o.cwd.empty() ? fs::current_path(ec) : fs::weakly_canonical(fs::absolute(o.cwd), ec);
  if (ec || !fs::is_directory(workspace)) {
    out.fatal("cannot use " + (o.cwd.empty() ? std::string("the current directory") : o.cwd) +
              " as the workspace: " + (ec ? ec.message() : "not a directory"));
    return kExitUsage;
  }
  EngineOptions eo;
  eo.workspace = workspace;
  eo.model_name = o.model;
  eo.permission_mode = *parse_permission_mode(o.permission_mode);
  eo.max_turns = o.max_turns;
  fs::path sessions_root = data_dir() / "sessions";
  if (!o.no_session) eo.sessions_root = sessions_root;

  eo.force_fit = o.force;
  ProgressLine progress;
  eo.on_local_progress = [&progress](const std::string& text, bool transient) {
    if (transient)
      progress.update(text);
    else
      progress.line("[pair] " + text);
  };
  // What an untrusted project's files were not allowed to change is said on stderr, whatever the format.
  if (auto trust = summarize_project_trust(workspace); trust)
    for (const auto& line : untrusted_project_notice(*trust)) std::fprintf(stderr, "[pair] %s\n", line.c_str());
  if (auto models = load_models(workspace); models && nothing_configured(*models, o.model)) {
    if (!models->withheld.empty()) {
      std::string where = workspace.string();
      out.fatal("none of this project's models can be used while it is not trusted (see above): run `pair trust` in " +
                where + " if you trust its files, or set up a model of your own (pair model add)");
      return kExitUsage;
    }
    out.fatal(first_run_instructions(first_run_facts()));
    return kExitUsage;
  }

  auto engine = Engine::create(eo, approvals, [&](const AgentEvent& e) { out.on_event(e); });
  if (!engine) {
    out.fatal(engine.error().message);
    return kExitUsage;
  }
  Result<void> opened;
  if (o.continue_last || !o.resume_id.empty()) {
    auto file =
        o.continue_last ? latest_session(sessions_root, workspace.string()) : find_session(sessions_root, o.resume_id);
    if (!file) {
      out.fatal(file.error().message);
      return kExitUsage;
    }
    opened = (*engine)->resume_session(*file);
  } else {
    opened = (*engine)->start_session();
  }
  if (!opened) {
    out.fatal(opened.error().message);
    return kExitUsage;
  }

  SessionStart start{(*engine)->session().id, (*engine)->model().name, workspace.string(), o.permission_mode, {},
                     (*engine)->resumed()};
  for (const auto& spec : (*engine)->tools().specs()) start.tools.push_back(spec.name);
  out.start(start);
  auto format = *parse_output_format(o.output_format);
  editor = attach_editor(**engine, approvals, workspace, o.ide, /*interactive=*/false,
                         [&](const std::string& text, bool important) {
                           if (important && !o.verbose && format != OutputFormat::kStreamJson)
                             std::fprintf(stderr, "[pair] %s\n", text.c_str());
                           else
                             out.on_event(agent_event::Notice{text});
                         });

  // A local model's server starts (or is reused) before the turn, with its progress on stderr.
  if (auto ready = (*engine)->prepare(interrupts.token()); !ready) {
    progress.clear();
    out.fatal(ready.error().message);
    if (ready.error().code == ErrorCode::kCancelled) return kExitInterrupted;
    return ready.error().code == ErrorCode::kConfig || ready.error().code == ErrorCode::kNotFound ? kExitUsage
                                                                                                  : kExitTurnFailed;
  }
  progress.clear();

  auto finished = (*engine)->submit(prompt, interrupts.token());
  // The next --continue can then skip re-reading the whole conversation.
  if (finished.outcome != TurnOutcome::kCancelled) (*engine)->save_prompt_cache(interrupts.token());
  out.finish();
  switch (finished.outcome) {
    case TurnOutcome::kCompleted: return kExitOk;
    case TurnOutcome::kMaxTurns: return kExitMaxTurns;
    case TurnOutcome::kCancelled: return kExitInterrupted;
    case TurnOutcome::kError: return kExitTurnFailed;
  }
  return kExitTurnFailed;
}

}  // namespace pair
