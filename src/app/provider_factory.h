#pragma once
/// Makes the provider a models.json entry asks for.

#include <memory>

#include "config/models_config.h"
#include "protocol/model_provider.h"
#include "util/url.h"

namespace pair {

/// Errors: a missing API key (names the variable to set), an unsupported
/// provider.
Result<std::unique_ptr<ModelProvider>> make_provider(const ModelConfig& model);

/// The API key an OpenAI-compatible entry sends to `url` (its server): empty
/// when it names none. Errors: the variable is not set; the entry comes from
/// a project's models.json and would send the key off this machine to a host
/// the user's own models.json does not send it to.
Result<std::string> api_key_for(const ModelConfig& model, const Url& url);

/// The generation settings of an entry (temperature, max_tokens, ...).
GenerationOptions generation_options(const ModelConfig& model);

}  // namespace pair
