#pragma once
/// One call for "make this models.json entry's server available": find the
/// model file (a GGUF path, or a Hugging Face model pulled into the models
/// directory, pulling it first when allowed), then start or reuse its server
/// (server_manager), planning the start (fit check, context, flags) only when
/// one must start. What front-ends and `pair server start` use.

#include <functional>
#include <optional>
#include <stop_token>
#include <string>

#include "config/models_config.h"
#include "local/model_store.h"
#include "local/server_manager.h"
#include "local/server_plan.h"

namespace pair {

struct LocalModelOptions {
  bool force = false;               ///< --force: past the fit check
  std::optional<uint64_t> context;  ///< --ctx
  bool allow_pull = true;           ///< download an `hf` model that is not there yet
  ServerProgressHandler on_progress;
  std::function<void(const PullProgress&)> on_pull;
  std::chrono::seconds timeout{1800};
};

/// The file (first part) or, for vLLM, the model reference of entry `m`.
/// Errors: kNotFound for a missing GGUF, or an `hf` model not yet pulled when
/// pulling is not allowed (the message gives the `pair model pull` command).
Result<std::string> resolve_model_path(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop = {});

/// The file of `m`'s draft model (`speculative.draft`, llama.cpp), pulled
/// like the model itself when it is a Hugging Face reference; empty when
/// there is none (vLLM fetches its draft model itself). Errors as above.
Result<std::string> resolve_draft_path(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop = {});

/// Starts or reuses the server for `m` (which must be managed: gguf or hf).
/// `details` receives the model and fit when a start was planned.
Result<EnsureResult> ensure_model_server(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop = {},
                                         ServerPlanDetails* details = nullptr);

/// The record of the server pair runs for `m`, if any (running or not).
std::optional<ServerRecord> model_server_record(const ModelConfig& m);

}  // namespace pair
