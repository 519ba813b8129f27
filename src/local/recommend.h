#pragma once
/// Which coding model to suggest for this machine on first run: the largest
/// of a short list of well-known GGUF coding models whose estimated footprint
/// (weights + KV cache at 32k tokens + compute) passes the memory fit check.
/// The sizes here are close estimates for choosing; the real download size is
/// read from the Hub before anything is downloaded.

#include <cstdint>
#include <optional>
#include <string>

#include "local/gguf_model.h"
#include "local/memory_probe.h"

namespace pair {

struct ModelRecommendation {
  std::string label;  ///< "Qwen3-Coder-30B-A3B-Instruct Q4_K_M"
  std::string hf;     ///< "unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M"
  std::string name;   ///< the models.json name to give it
  uint64_t approx_bytes = 0;
  uint64_t context = 32768;
  GgufModelInfo shape;  ///< for the fit check
};

/// The best candidate that fits, or nullopt when even the smallest does not.
std::optional<ModelRecommendation> recommend_coding_model(const MemoryReadings& memory, bool gpu_backend);

}  // namespace pair
