#pragma once
/// Which layers of a model keep which cache in llama-server's main context,
/// decided per architecture as the pinned llama.cpp does it
/// (src/llama-hparams.cpp set_swa_pattern, src/llama-model.cpp
/// load_swa_pattern and create_memory, src/models/<arch>.cpp
/// load_arch_hparams):
///  - hybrid models (qwen35, qwen35moe, qwen3next; jamba, granitehybrid,
///    nemotron_h, plamo2; mamba and mamba2 entirely) whose linear-attention or
///    state-space layers keep a fixed state instead of a per-token cache;
///  - sliding-window layers (gpt-oss, gemma2/3, cohere2, olmo2, llama4, ...)
///    that keep only the window;
///  - trailing next-token-prediction layers, which the main context leaves out.
/// An architecture not listed is taken as full attention on every layer with
/// KV heads: the estimate errs on the large side, never the small one.
///
/// Pure functions; every count read from the file is capped.

#include <cstdint>
#include <string>
#include <vector>

#include "local/gguf.h"
#include "local/gguf_model.h"

namespace pair {

/// Fills m.layer_cache, m.nextn_layers, m.sliding_window (the window the
/// architecture really uses) and the ssm_* sizes from `f`. Needs
/// m.architecture, m.block_count and m.head_count_kv already read.
void read_layer_caches(const GgufFile& f, GgufModelInfo& m);

/// A hybrid model with one full-attention layer in every `interval`
/// (qwen35's default 4): layer i is recurrent unless (i + 1) % interval == 0;
/// the last `nextn` of `layers` are kNone. interval 0: every layer recurrent.
std::vector<LayerCache> interval_layers(uint64_t layers, uint64_t nextn, uint64_t interval);

/// A sliding-window pattern of period `pattern`: layer i slides unless it is
/// the last of its period (dense_first: the first); pattern 0: every layer
/// slides. The last `nextn` of `layers` are kNone.
std::vector<LayerCache> sliding_layers(uint64_t layers, uint64_t nextn, uint64_t pattern, bool dense_first);

/// The layers' caches in words for `pair model info`: "10 full attention,
/// 30 recurrent (a fixed state, whatever the context)", "12 sliding window
/// (128 tokens), 12 full attention"; empty when every layer is full attention.
std::string format_layer_caches(const GgufModelInfo& m);

}  // namespace pair
