#pragma once
/// Wires the editor bridge (ide/ide_bridge.h) into a session: decides whether
/// to connect (--ide / --no-ide, the setting /ide/enabled, interactive or
/// not), connects to the editor window of the workspace, points `approvals`
/// at it (proposed edits open there as diffs) and makes the engine attach the
/// editor's context to each user message. Every front-end calls this once,
/// after Engine::create and before the first submit.

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "app/engine.h"
#include "ide/ide_approvals.h"
#include "ide/ide_bridge.h"

namespace pair {

/// `notice(text, important)`: what the user should know; `important` is set
/// for a failed --ide (show it even when not verbose). Returns the bridge (the
/// caller keeps it alive as long as the engine runs turns), or nullptr.
std::unique_ptr<IdeBridge> attach_editor(Engine& engine, IdeApprovals& approvals,
                                         const std::filesystem::path& workspace, std::optional<bool> flag,
                                         bool interactive, const std::function<void(const std::string&, bool)>& notice,
                                         IdeNotificationHandler on_notification = {});

}  // namespace pair
