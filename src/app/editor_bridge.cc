#include "app/editor_bridge.h"

namespace pair {

std::unique_ptr<IdeBridge> attach_editor(Engine& engine, IdeApprovals& approvals,
                                         const std::filesystem::path& workspace, std::optional<bool> flag,
                                         bool interactive, const std::function<void(const std::string&, bool)>& notice,
                                         IdeNotificationHandler on_notification) {
  IdeBridgeOptions options;
  options.workspace = workspace;
  options.mode = ide_mode(flag, engine.settings_view().ide.enabled, interactive);
  options.on_notification = std::move(on_notification);
  std::vector<std::string> notices;
  auto bridge = IdeBridge::connect(options, &notices);
  for (const auto& n : notices) notice(n, !bridge && options.mode == IdeMode::kRequired);
  if (!bridge) return nullptr;
  approvals.set_reviewer(bridge.get());
  engine.set_message_context([raw = bridge.get(), notice](std::stop_token stop) {
    std::string block = raw->message_context(stop);
    for (const auto& n : raw->take_notices()) notice(n, false);
    return block;
  });
  return bridge;
}

}  // namespace pair
