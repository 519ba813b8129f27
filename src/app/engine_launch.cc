#include "app/engine_launch.h"

#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

Result<fs::path> resolve_workspace(const std::string& cwd) {
  std::error_code ec;
  fs::path workspace = cwd.empty() ? fs::current_path(ec) : fs::weakly_canonical(fs::absolute(cwd), ec);
  if (ec || !fs::is_directory(workspace))
    return fail(ErrorCode::kInvalidArgument, "cannot use " +
                                                 (cwd.empty() ? std::string("the current directory") : cwd) +
                                                 " as the workspace: " + (ec ? ec.message() : "not a directory"));
  return workspace;
}

EngineOptions engine_options(const CliOptions& o, const fs::path& workspace) {
  EngineOptions eo;
  eo.workspace = workspace;
  eo.model_name = o.model;
  eo.permission_mode = o.permission_mode;
  eo.max_turns = o.max_turns;
  eo.force_fit = o.force;
  eo.sessions_root = data_dir() / "sessions";
  eo.record_session = !o.no_session;
  if (o.continue_last)
    eo.session = {SessionOpening::kContinueLatest, ""};
  else if (!o.resume_id.empty())
    eo.session = {SessionOpening::kResume, o.resume_id};
  return eo;
}

Result<std::unique_ptr<Engine>> launch_engine(EngineOptions options, ApprovalHandler& approvals,
                                              AgentEventHandler on_event) {
  SessionChoice session = options.session;
  auto engine = Engine::create(std::move(options), approvals, std::move(on_event));
  if (!engine) return std::unexpected(engine.error());
  if (auto opened = (*engine)->open_session(session); !opened) return std::unexpected(opened.error());
  return engine;
}

}  // namespace pair
