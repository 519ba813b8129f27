#include "app/optional_tools.h"

#include <memory>

#include "app/provider_factory.h"
#include "tools/analyze_media.h"
#include "tools/web_tools.h"

namespace pair {

std::optional<ModelConfig> vision_model_for(const ModelsFile& models, const ModelConfig& main_model) {
  if (auto v = vision_model(models)) return v;
  if (accepts_images(main_model)) return main_model;
  return std::nullopt;
}

OptionalTools add_optional_tools(ToolRegistry& tools, const SettingsView& settings, const ModelsFile& models,
                                 const ModelConfig& main_model, PermissionPolicy& permissions,
                                 const std::function<void(const std::string&)>& notice) {
  OptionalTools added;
  WebToolsConfig web = read_web_tools_config(settings);
  for (const auto& note : web.notes) notice(note);
  add_web_tools(tools, web);
  permissions.set_network_allowed(!web.ask_first);

  auto vision = vision_model_for(models, main_model);
  if (!vision) return added;
  auto provider = make_provider(*vision);
  if (!provider) {
    notice("analyze_media is off: " + provider.error().message);
    return added;
  }
  AnalyzeMediaOptions options;
  options.model_name = vision->name;
  options.generation = generation_options(*vision);
  options.max_bytes = static_cast<size_t>(settings.vision.max_image_bytes);
  options.max_dimension = static_cast<int>(settings.vision.max_image_pixels);
  tools.add(std::make_unique<AnalyzeMediaTool>(std::move(*provider), std::move(options)));
  added.analyze_media = true;
  return added;
}

}  // namespace pair
