// models.json and settings.json texts: any input gives a config or an error
// with a position, never a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/models_config.h"
#include "config/settings.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto models = pair::parse_models_json(input, "fuzz/models.json");
  if (models) (void)pair::select_model(*models, "");
  auto settings = pair::Settings::from_texts(input, "");
  if (settings) {
    (void)settings->get_string("/ui/tool_output", "");
    (void)settings->get_strings("/permissions/allow");
  }
  return 0;
}
