#pragma once
/// The first run: pair on a machine where nothing is configured (no
/// models.json anywhere) and nothing listens on the default port must not end
/// in a bare connection error. Headless runs get the options as one clear
/// error with the exact commands; an interactive start asks (first_run_prompt.h).

#include <optional>
#include <string>
#include <string_view>

#include "config/models_config.h"
#include "local/memory_probe.h"
#include "local/recommend.h"

namespace pair {

/// True when `models` is the built-in default (no models.json found), no
/// model was named, and nothing accepts connections on localhost:8004.
bool nothing_configured(const ModelsFile& models, std::string_view model_name);

struct FirstRunFacts {
  MemoryReadings memory;
  std::optional<ModelRecommendation> recommendation;
};
/// Reads the memory and picks the recommended model (no network).
FirstRunFacts first_run_facts();

/// The headless error: what is missing and the commands that fix it.
std::string first_run_instructions(const FirstRunFacts& facts);

}  // namespace pair
