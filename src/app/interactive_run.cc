#include "app/interactive_run.h"

#include <unistd.h>

#include <cstdio>

#include "app/editor_bridge.h"
#include "app/engine.h"
#include "app/engine_launch.h"
#include "app/tui_backend.h"
#include "app/version.h"
#include "tui/app.h"

namespace pair {

int run_interactive(const CliOptions& o) {
  if (!::isatty(STDOUT_FILENO)) {
    std::fprintf(stderr, "pair: the interactive UI needs a terminal on stdout; use pair -p \"PROMPT\"\n");
    return kExitUsage;
  }
  auto workspace = resolve_workspace(o.cwd);
  if (!workspace) {
    std::fprintf(stderr, "pair: %s\n", workspace.error().message.c_str());
    return kExitUsage;
  }
  tui::UiQueue queue;
  tui::UiBridge bridge(queue);
  EngineOptions eo = engine_options(o, *workspace);
  eo.front_end = FrontEnd::kTerminalUi;
  // A local model's server starting: its milestones show in the transcript (the per-second load
  // progress would only scroll it).
  eo.on_local_progress = [notify = bridge.event_handler()](const std::string& text, bool transient) {
    if (!transient) notify(agent_event::Notice{text});
  };

  // With an editor connected, a proposed edit also opens there as a diff; the first answer wins.
  IdeApprovals approvals(bridge, ReviewMode::kEditorOrFrontEnd);
  std::unique_ptr<IdeBridge> editor;  // outlives the engine's turns
  auto engine = launch_engine(std::move(eo), approvals, bridge.event_handler());
  if (!engine) {
    std::fprintf(stderr, "pair: %s\n", engine.error().message.c_str());
    return kExitUsage;
  }
  AgentEventHandler notify = bridge.event_handler();
  editor = attach_editor(**engine, approvals, *workspace, o.ide, /*interactive=*/true,
                         [&notify](const std::string& text, bool) { notify(agent_event::Notice{text}); });
  EngineBackend backend(**engine, *workspace);
  tui::TuiOptions options{.workspace = *workspace,
                          .permission_mode = std::string(permission_mode_name(o.permission_mode)),
                          .replay = (*engine)->resumed(),
                          .version = kPairVersion,
                          .ui = (*engine)->settings_view().ui};
  int code = tui::run_tui(backend, queue, bridge, (*engine)->settings(), options);
  // The screen is gone: what closing the session could not do is said on stderr.
  if (auto problem = (*engine)->close_session()) std::fprintf(stderr, "pair: %s\n", problem->c_str());
  for (const auto& line : (*engine)->servers_left_running()) std::fprintf(stderr, "pair: %s\n", line.c_str());
  return code;
}

}  // namespace pair
