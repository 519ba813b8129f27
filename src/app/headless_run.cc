#include "app/headless_run.h"

#include "app/editor_bridge.h"
#include "app/engine.h"
#include "app/engine_launch.h"
#include "app/first_run.h"
#include "app/progress_line.h"
#include "app/project_trust_gate.h"
#include "headless/headless_approvals.h"
#include "headless/headless_output.h"
#include "util/interrupt_watcher.h"

namespace pair {
namespace fs = std::filesystem;

int run_headless(const CliOptions& o, const std::string& prompt) {
  InterruptWatcher interrupts;
  HeadlessOutput out(o.output_format, o.verbose);
  HeadlessApprovals headless_approvals(out);
  // With an editor connected, proposed edits are reviewed there (its answer is final).
  IdeApprovals approvals(headless_approvals, ReviewMode::kEditorDecides);
  std::unique_ptr<IdeBridge> editor;  // outlives the engine's turns

  auto resolved = resolve_workspace(o.cwd);
  if (!resolved) {
    out.fatal(resolved.error().message);
    return kExitUsage;
  }
  const fs::path& workspace = *resolved;
  EngineOptions eo = engine_options(o, workspace);
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

  auto engine = launch_engine(std::move(eo), approvals, [&](const AgentEvent& e) { out.on_event(e); });
  if (!engine) {
    out.fatal(engine.error().message);
    return kExitUsage;
  }

  // The start event lists every tool the requests will carry, MCP servers' too.
  if (auto started = (*engine)->finish_mcp_start(interrupts.token()); !started) {
    out.fatal(started.error().message);
    return kExitInterrupted;
  }
  SessionStart start{(*engine)->session().id,
                     (*engine)->model().name,
                     workspace.string(),
                     std::string(permission_mode_name(o.permission_mode)),
                     {},
                     (*engine)->resumed()};
  start.tools = (*engine)->tools().name_list();
  out.start(start);
  editor = attach_editor(**engine, approvals, workspace, o.ide, /*interactive=*/false,
                         [&](const std::string& text, bool important) {
                           if (important && !o.verbose && o.output_format != OutputFormat::kStreamJson)
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
  (*engine)->close_session(interrupts.token());
  out.finish();
  for (const auto& line : (*engine)->servers_left_running()) std::fprintf(stderr, "[pair] %s\n", line.c_str());
  switch (finished.outcome) {
    case TurnOutcome::kCompleted: return kExitOk;
    case TurnOutcome::kMaxTurns: return kExitMaxTurns;
    case TurnOutcome::kCancelled: return kExitInterrupted;
    case TurnOutcome::kError: return kExitTurnFailed;
    case TurnOutcome::kLoopDetected: return kExitLoopDetected;
  }
  return kExitTurnFailed;
}

}  // namespace pair
