#pragma once
/// Which coding model to suggest for this machine on first run, from the model
/// catalog (model_catalog.h): the entry of the highest memory tier whose
/// estimated footprint (weights + KV cache at 32k tokens + compute) passes the
/// memory fit check, entries of one tier in catalog order; and the next one
/// after it that fits, offered as the smaller choice. The Hub's real sizes
/// replace the catalog's when they can be read.
///
/// Pure apart from the size lookup it is given; any thread.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "local/gguf_model.h"
#include "local/memory_fit.h"
#include "local/memory_probe.h"
#include "local/model_catalog.h"

namespace pair {

struct ModelChoice {
  std::string label;          ///< "Qwen3.6-35B-A3B Q4_K_M"
  std::string hf;             ///< "ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M"
  std::string name;           ///< the models.json name to give it
  uint64_t approx_bytes = 0;  ///< the Hub's figure when `bytes_from_hub`, else the catalog's
  bool bytes_from_hub = false;
  uint64_t parameters = 0;
  uint64_t active_parameters = 0;
  uint64_t tier_gb = 0;
  std::string note;
  uint64_t context = 32768;                     ///< the context the fit check asks room for: an agent's working minimum
  GgufModelInfo shape;                          ///< for the fit check
  FitVerdict placement = FitVerdict::kFitsCpu;  ///< where the fit puts it on this machine
};

struct ModelRecommendation {
  ModelChoice model;
  std::optional<ModelChoice> smaller;  ///< the next entry that fits, if any
};

/// The real size of an `hf` reference, or nullopt when it cannot be read (offline).
using HubSizeLookup = std::function<std::optional<uint64_t>(const std::string& hf)>;

/// The best candidate that fits, or nullopt when even the smallest does not.
/// `hub_size` (may be empty) is asked only for the candidates it returns,
/// and for the ones before them that fit by the catalog's figure; a real size
/// that no longer fits moves on to the next candidate.
std::optional<ModelRecommendation> recommend_coding_model(const std::vector<CatalogModel>& catalog,
                                                          const MemoryReadings& memory, bool gpu_backend,
                                                          const HubSizeLookup& hub_size = {});

/// Decode speed to expect, in tokens per second, estimated from the bytes of
/// weights read per token (the active parameters' share of the file) and
/// typical memory bandwidth: dual-channel desktop RAM for the CPU, a consumer
/// or workstation GPU's memory for the GPU.
struct SpeedEstimate {
  double cpu_low = 0, cpu_high = 0;
  double gpu_low = 0, gpu_high = 0;
};
SpeedEstimate expected_speed(const ModelChoice& model);

/// Why this model, in a few short lines for the first-run text: its memory
/// tier, parameters total and active, where it runs here and the speed to
/// expect on a CPU and a GPU, then its note.
std::vector<std::string> recommendation_reasons(const ModelChoice& model);

}  // namespace pair
