#include "ide/ide_bridge.h"

#include <cstdlib>
#include <string_view>
#include <utility>

namespace pair {

namespace {

std::optional<int> port_from_env() {
  const char* v = std::getenv("PAIR_IDE_PORT");
  if (!v || !*v) return std::nullopt;
  char* end = nullptr;
  long port = std::strtol(v, &end, 10);
  if (*end != '\0' || port <= 0 || port > 65535) return std::nullopt;
  return static_cast<int>(port);
}

bool in_editor_terminal() {
  const char* term = std::getenv("TERM_PROGRAM");
  return port_from_env().has_value() || (term && std::string_view(term) == "vscode");
}

}  // namespace

IdeMode ide_mode(std::optional<bool> flag, bool setting_enabled, bool interactive) {
  if (flag) return *flag ? IdeMode::kRequired : IdeMode::kOff;
  if (!setting_enabled) return IdeMode::kOff;
  return interactive || in_editor_terminal() ? IdeMode::kAuto : IdeMode::kOff;
}

std::unique_ptr<IdeBridge> IdeBridge::connect(const IdeBridgeOptions& options, std::vector<std::string>* notices) {
  if (options.mode == IdeMode::kOff) return nullptr;
  std::unique_ptr<IdeBridge> bridge(new IdeBridge(options));
  if (bridge->options_.lock_dir.empty()) bridge->options_.lock_dir = ide_lock_dir();
  if (!bridge->options_.preferred_port) bridge->options_.preferred_port = port_from_env();
  if (!bridge->attach(notices, options.mode == IdeMode::kRequired)) return nullptr;
  return bridge;
}

bool IdeBridge::attach(std::vector<std::string>* notices, bool verbose) {
  client_.reset();
  IdeLockScan scan = find_ide_locks(options_.lock_dir, options_.workspace, options_.preferred_port);
  std::vector<std::string> why;
  for (const auto& s : scan.skipped) why.push_back("lock " + s);
  for (const auto& lock : scan.usable) {
    auto client = IdeClient::connect(lock);
    if (!client) {
      why.push_back(client.error().message);
      continue;
    }
    client_ = std::move(*client);
    client_->start_events(options_.on_notification);
    if (notices)
      notices->push_back("connected to " + client_->ide_name() + " (" + lock.file.filename().string() +
                         "): the editor's context goes with each prompt; proposed edits open there for review");
    return true;
  }
  if (verbose && notices) {
    std::string text = "no editor window to connect to for " + options_.workspace.string() + " (looked in " +
                       options_.lock_dir.string() + ")";
    for (const auto& w : why) text += "\n  " + w;
    if (scan.usable.empty() && scan.skipped.empty())
      text += "\n  no lock files: is pair's VS Code extension installed, with this folder open?";
    notices->push_back(text);
  }
  return false;
}

std::vector<std::string> IdeBridge::take_notices() {
  return std::exchange(notices_, {});
}

std::string IdeBridge::message_context(std::stop_token stop) {
  if (!client_ || !client_->connected()) {
    // The window went away (closed, reloaded): it may be back under a new port.
    if (!attach(&notices_, false)) return "";
  }
  auto context = client_->get_context(/*take_queued=*/true, stop);
  if (!context) {
    notices_.push_back("editor context left out: " + context.error().message);
    return "";
  }
  if (context->active) {
    if (auto d = client_->get_diagnostics(context->active->path, stop))
      for (auto& diagnostic : d->diagnostics)
        if (diagnostic.severity == "error") context->active_errors.push_back(std::move(diagnostic));
  }
  return tracker_.next_block(*context, options_.workspace, client_->ide_name());
}

}  // namespace pair
