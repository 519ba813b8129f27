#pragma once
/// The terminal UI's view of an Engine (tui/backend.h): the adapter that
/// keeps the UI away from the core. Engine-thread methods run on the UI's
/// engine thread; the "any thread" ones read copies guarded by a mutex.

#include <filesystem>
#include <mutex>

#include "app/engine.h"
#include "tui/backend.h"

namespace pair {

class EngineBackend : public tui::Backend {
 public:
  EngineBackend(Engine& engine, std::filesystem::path workspace);

  agent_event::TurnFinished submit(const std::string& text, const std::string& shown, std::stop_token stop) override;
  Result<tui::ModelInfo> switch_model(const std::string& name) override;
  Result<void> reload_models() override;
  void clear() override;
  Result<std::string> compact(const std::string& focus, std::stop_token stop) override;
  void warm_up(std::stop_token stop) override;
  Result<tui::UndoResult> undo() override;
  std::vector<tui::FileDiff> session_diff() override;
  std::vector<tui::SessionSummary> sessions() override;
  Result<std::vector<Message>> resume(const std::string& id) override;
  std::vector<Message> messages() override { return engine_.messages(); }
  tui::PermissionsView permissions() override;
  Result<std::string> reload_mcp(std::stop_token stop) override;
  ReasoningOptions reasoning() const override { return engine_.reasoning(); }
  ReasoningOptions configured_reasoning() const override { return engine_.configured_reasoning(); }
  void set_reasoning(const ReasoningOptions& r) override { engine_.set_reasoning(r); }

  tui::ModelInfo model() const override;
  std::vector<tui::ModelChoice> models() const override;
  tui::Reachability probe(const std::string& name) const override;
  std::string session_id() const override;
  std::vector<tui::McpServerView> mcp_servers() const override;
  std::string workspace() const override { return workspace_.string(); }
  std::optional<std::string> attach_refusal(const std::string& path) const override;

 private:
  void refresh();      ///< copies what the any-thread methods return
  void copy_models();  ///< the engine's models.json entries, for models()

  Engine& engine_;
  std::filesystem::path workspace_;
  mutable std::mutex mu_;
  std::vector<tui::ModelChoice> models_;
  tui::ModelInfo model_;
  std::string session_id_;
  /// A copy of the engine's policy at start: its ask and deny rules and mode
  /// do not change during a session, and a copy is safe to read from any thread.
  const PermissionPolicy read_policy_;
  const ReadCheck read_check_;
};

tui::ModelInfo model_info(const ModelConfig& m);

}  // namespace pair
