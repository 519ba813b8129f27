#pragma once
/// The first run: pair on a machine where nothing is configured (no
/// models.json anywhere) and nothing listens on the default port must not end
/// in a bare connection error. Headless runs get the options as one clear
/// error with the exact commands; an interactive start asks (first_run_prompt.h).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
  std::vector<std::string> catalog_warnings;  ///< a malformed catalog file, and what was used instead
  std::string catalog_from;  ///< the catalog file(s) read: "PATH", "PATH, with USER_PATH", "the built-in catalog"
};
/// Reads the memory and the model catalog (model_catalog.h) and picks the
/// recommended model; its size and the smaller one's are read from the Hub
/// (a few seconds at most, skipped with HF_HUB_OFFLINE=1), else the catalog's.
FirstRunFacts first_run_facts();

/// Why `model` was chosen (recommendation_reasons), one line each, indented
/// by `indent`; the first-run texts share them.
std::string reasons_text(const ModelChoice& model, const std::string& indent);
/// "19.6 GiB (from the Hub)", or "about 19.6 GiB" with the catalog's figure.
std::string download_size_text(const ModelChoice& model);

/// The headless error: what is missing and the commands that fix it.
std::string first_run_instructions(const FirstRunFacts& facts);

}  // namespace pair
