#pragma once
/// Makes the provider a models.json entry asks for.

#include <memory>

#include "config/models_config.h"
#include "protocol/model_provider.h"

namespace pair {

/// Errors: a missing API key (names the variable to set), an unsupported
/// provider.
Result<std::unique_ptr<ModelProvider>> make_provider(const ModelConfig& model);

/// The generation settings of an entry (temperature, max_tokens, ...).
GenerationOptions generation_options(const ModelConfig& model);

}  // namespace pair
