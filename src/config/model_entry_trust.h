#pragma once
/// What a models.json entry would make pair do beyond chatting with a server
/// on this machine. A project's entries that do any of it (start a server,
/// download a model, send the conversation or credentials elsewhere) are used
/// only in a trusted project (config/project_trust.h).

#include <string>
#include <vector>

#include "config/models_config.h"

namespace pair {

/// Each effect in words ("start llama-server for ~/m.gguf", "send the
/// conversation to https://x.example/v1"); empty when the entry only talks,
/// without credentials or extra headers, to a server on this machine.
std::vector<std::string> entry_effects_needing_trust(const ModelConfig& model);

}  // namespace pair
