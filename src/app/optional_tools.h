#pragma once
/// The tools offered only when configured: web_search (a search backend in
/// settings), web_fetch (on unless turned off), analyze_media (a vision
/// model in models.json). They come after the built-in tools, in that order.

#include <functional>
#include <string>

#include "config/models_config.h"
#include "config/settings_view.h"
#include "core/permissions.h"
#include "core/tool_registry.h"

namespace pair {

struct OptionalTools {
  bool analyze_media = false;  ///< registered
};

/// Adds what is configured; `notice` hears what could not be (a backend
/// without its API key, a vision model whose provider cannot be made).
/// Sets whether network calls need approval (settings web.ask_first).
OptionalTools add_optional_tools(ToolRegistry& tools, const SettingsView& settings, const ModelsFile& models,
                                 const ModelConfig& main_model, PermissionPolicy& permissions,
                                 const std::function<void(const std::string&)>& notice);

/// The model analyze_media talks to: the "imagevid" entry, else the main
/// model when it takes images.
std::optional<ModelConfig> vision_model_for(const ModelsFile& models, const ModelConfig& main_model);

}  // namespace pair
