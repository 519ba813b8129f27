#pragma once
/// What every front-end does before its first turn, in one place: the
/// workspace from --cwd, the engine's options from the command line, the
/// engine, and the session it opens (new, --continue or --resume).

#include <filesystem>
#include <memory>
#include <string>

#include "app/cli.h"
#include "app/engine.h"

namespace pair {

/// The workspace: --cwd made absolute and canonical, or the current
/// directory. Errors (kInvalidArgument) name the directory and the reason.
Result<std::filesystem::path> resolve_workspace(const std::string& cwd);

/// The engine options the command line asks for (model, permission mode,
/// turns, --force, --no-session, the session to open). Front-ends add their
/// progress handler.
EngineOptions engine_options(const CliOptions& o, const std::filesystem::path& workspace);

/// Engine::create, then Engine::open_session with the session the options
/// name. Errors are the user's to fix (configuration, no such session).
Result<std::unique_ptr<Engine>> launch_engine(EngineOptions options, ApprovalHandler& approvals,
                                              AgentEventHandler on_event);

}  // namespace pair
