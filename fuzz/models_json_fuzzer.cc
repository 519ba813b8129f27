// models.json and settings.json texts: any input gives a config or an error
// with a position, never a crash; an untrusted project's settings never keep
// an allow rule or a sandbox setting, and every entry kept from an untrusted
// project's models.json talks only to this machine without credentials.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "config/model_entry_trust.h"
#include "config/models_config.h"
#include "config/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto models = pair::parse_models_json(input, "fuzz/models.json");
  if (models) {
    (void)pair::select_model(*models, "");
    for (const auto& m : models->models)
      (void)pair::entry_effects_needing_trust(m);  // describing any entry never crashes
  }
  auto settings = pair::Settings::from_texts(input, "");
  if (settings) {
    (void)settings->get_string("/ui/tool_output", "");
    (void)settings->get_strings("/permissions/allow");
  }
  auto untrusted = pair::Settings::from_texts("", input, pair::ProjectSettingsTrust::kPreferencesOnly);
  if (untrusted) {
    if (!untrusted->get_in(pair::SettingsScope::kProject, "/permissions/allow").is_null() ||
        !untrusted->get("/sandbox").is_null() || !untrusted->get("/web").is_null())
      __builtin_trap();  // only preferences pass an untrusted project
  }
  return 0;
}
