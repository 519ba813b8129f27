#pragma once
/// What llama-server allocates for a model's cache at a context, per kind of
/// layer (local/gguf_layers.h), as the pinned llama.cpp sizes it:
///  - full-attention layers: one K and V row per context cell (the context
///    padded to 256; src/llama-context.cpp), "llama_kv_cache: size = N MiB";
///  - sliding-window layers, with --swa-full off: the window times the slots
///    sharing the cache plus one micro-batch, padded to 256, never more than
///    the context (src/llama-kv-cache-iswa.cpp), a second "llama_kv_cache"
///    line;
///  - recurrent layers: a fixed f32 state per slot, whatever the context
///    (src/llama-memory-recurrent.cpp), "llama_memory_recurrent: size = N MiB".
/// Multi-head latent attention (kv_lora_rank) caches the latent and the rope
/// part, no V. Pure; sizes saturate at 2^60 for absurd headers.

#include <cstdint>
#include <string>

#include "local/gguf_model.h"

namespace pair {

/// The server settings that change the cache's size.
struct KvCacheOptions {
  std::string cache_type_k = "f16";  ///< -ctk
  std::string cache_type_v = "f16";  ///< -ctv
  uint64_t slots = 4;                ///< -np; llama-server's default ("auto") is 4 slots
  bool unified = true;               ///< the slots share one cache (-kvu; the default with -np auto)
  uint64_t ubatch = 512;             ///< -ub
  bool swa_full = false;             ///< --swa-full: sliding-window layers cache the whole context
};

struct KvCacheSize {
  uint64_t full_layers = 0, sliding_layers = 0, recurrent_layers = 0;
  uint64_t streams = 1;          ///< 1 when the slots share the cache, else one per slot
  uint64_t full_cells = 0;       ///< context cells of each full-attention layer, all slots together
  uint64_t sliding_cells = 0;    ///< cells of each sliding-window layer, all slots together
  uint64_t full_bytes = 0;       ///< the full-attention layers' K and V
  uint64_t sliding_bytes = 0;    ///< the sliding-window layers' K and V
  uint64_t recurrent_bytes = 0;  ///< the recurrent layers' state, independent of the context
  uint64_t total() const;
};

/// The cache for `context` tokens. A model with no layer_cache (a shape
/// written by hand) is full attention on every layer.
KvCacheSize kv_cache_size(const GgufModelInfo& model, uint64_t context, const KvCacheOptions& options);

/// The cache in words, each part in MiB with two decimals as llama-server's
/// load report prints it: "full attention 640.00 MiB (10 layers, 32,768
/// cells), sliding window 48.00 MiB (12 layers, 1,024 cells), recurrent
/// state 62.81 MiB (30 layers, 4 slots, whatever the context)"; with a cache
/// per slot, "(2 layers, 2 streams of 1,536 cells)". Parts with no layers
/// are left out.
std::string format_kv_cache(const KvCacheSize& size, uint64_t slots);

/// K and V bytes per token of context of the full-attention layers: what
/// each token adds. Sliding-window and recurrent layers add nothing per token.
uint64_t kv_bytes_per_token(const GgufModelInfo& model, const std::string& cache_k, const std::string& cache_v);

}  // namespace pair
