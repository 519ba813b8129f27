#include "app/interactive_run.h"

#include <unistd.h>

#include <cstdio>

#include "app/editor_bridge.h"
#include "app/engine.h"
#include "app/tui_backend.h"
#include "app/version.h"
#include "tui/app.h"
#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

int run_interactive(const CliOptions& o) {
  if (!::isatty(STDOUT_FILENO)) {
    std::fprintf(stderr, "pair: the interactive UI needs a terminal on stdout; use pair -p \"PROMPT\"\n");
    return kExitUsage;
  }
  std::error_code ec;
  fs::path workspace = o.cwd.empty() ? fs::current_path(ec) : fs::weakly_canonical(fs::absolute(o.cwd), ec);
  if (ec || !fs::is_directory(workspace)) {
    std::fprintf(stderr, "pair: cannot use %s as the workspace\n",
                 o.cwd.empty() ? "the current directory" : o.cwd.c_str());
    return kExitUsage;
  }
  tui::UiQueue queue;
  tui::UiBridge bridge(queue);
  EngineOptions eo;
  eo.front_end = FrontEnd::kTerminalUi;
  eo.workspace = workspace;
  eo.model_name = o.model;
  eo.permission_mode = *parse_permission_mode(o.permission_mode);
  eo.max_turns = o.max_turns;
  eo.force_fit = o.force;
  // A local model's server starting: its milestones show in the transcript (the per-second load
  // progress would only scroll it).
  eo.on_local_progress = [notify = bridge.event_handler()](const std::string& text, bool transient) {
    if (!transient) notify(agent_event::Notice{text});
  };
  fs::path sessions_root = data_dir() / "sessions";
  if (!o.no_session) eo.sessions_root = sessions_root;

  // With an editor connected, a proposed edit also opens there as a diff; the first answer wins.
  IdeApprovals approvals(bridge, ReviewMode::kEditorOrFrontEnd);
  std::unique_ptr<IdeBridge> editor;  // outlives the engine's turns
  auto engine = Engine::create(eo, approvals, bridge.event_handler());
  if (!engine) {
    std::fprintf(stderr, "pair: %s\n", engine.error().message.c_str());
    return kExitUsage;
  }
  bool resumed = false;
  if (o.continue_last || !o.resume_id.empty()) {
    auto file =
        o.continue_last ? latest_session(sessions_root, workspace.string()) : find_session(sessions_root, o.resume_id);
    if (!file) {
      std::fprintf(stderr, "pair: %s\n", file.error().message.c_str());
      return kExitUsage;
    }
    if (auto r = (*engine)->resume_session(*file); !r) {
      std::fprintf(stderr, "pair: %s\n", r.error().message.c_str());
      return kExitUsage;
    }
    resumed = true;
  }
  AgentEventHandler notify = bridge.event_handler();
  editor = attach_editor(**engine, approvals, workspace, o.ide, /*interactive=*/true,
                         [&notify](const std::string& text, bool) { notify(agent_event::Notice{text}); });
  EngineBackend backend(**engine, workspace, o.no_session ? fs::path() : sessions_root, bridge.event_handler());
  tui::TuiOptions options{workspace, o.permission_mode, resumed, kPairVersion};
  return tui::run_tui(backend, queue, bridge, (*engine)->settings(), options);
}

}  // namespace pair
