#pragma once
/// From a models.json entry that names a local model (`gguf` or `hf`, with
/// `ctx`, `gpu_layers`, `server_args`, `server`) to the exact server pair
/// will start: which binary, which file, which port, which context (bounded
/// by memory), which flags. The memory fit check happens here: a model that
/// does not fit is refused with the numbers and a suggestion, unless forced.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config/models_config.h"
#include "local/gguf_model.h"
#include "local/llama_install.h"
#include "local/memory_fit.h"
#include "local/memory_probe.h"
#include "local/server_manager.h"

namespace pair {

struct ServerPlanOptions {
  bool force = false;                   ///< start even when the fit check refuses
  std::optional<uint64_t> context;      ///< overrides the entry's ctx
  MemoryReadings memory;                ///< what is free now
  std::optional<LlamaInstall> llama;    ///< found llama.cpp (llama.cpp entries)
  bool amx = false;                     ///< the CPU has AMX (adds --no-repack)
  std::filesystem::path vllm = "vllm";  ///< the vllm executable
  std::filesystem::path draft;          ///< the draft model's file (`speculative.draft`, llama.cpp), resolved
};

/// What planning learned, for reports (`pair server start` prints the fit).
struct ServerPlanDetails {
  std::optional<GgufModelInfo> model;  ///< llama.cpp entries
  std::optional<FitPlan> fit;
};

/// The host and port a managed entry serves on (from its url; default 8004).
/// Errors when the url is not on this machine.
Result<std::pair<std::string, int>> managed_endpoint(const ModelConfig& m);

/// Which server `m` needs, its model being `model_path` (the GGUF or its
/// first part; for vLLM the model reference). Cheap: reads no model file.
Result<ManagedServerSpec> managed_spec(const ModelConfig& m, const std::string& model_path);

/// How to start it: reads the GGUF (and the draft model's), checks the fit
/// against `o.memory`, bounds the context, builds the command line (drafting
/// flags from local/speculative_flags.h). Errors: kConfig when it does not fit
/// (the message carries the report and says --force), kNotFound / kParse for
/// the file.
Result<StartPlan> plan_start(const ModelConfig& m, const ManagedServerSpec& spec, const ServerPlanOptions& o,
                             ServerPlanDetails* details = nullptr);

}  // namespace pair
