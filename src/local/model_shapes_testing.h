#pragma once
/// Tests only: the shapes of today's models as the memory fit sees them,
/// written by hand from their published configurations.

#include "local/gguf_layers.h"
#include "local/gguf_model.h"

namespace pair::testing {

/// A Qwen3.6-35B-A3B-shaped model at about 21 GB (Q4_K_M): 40 layers, one full-attention layer
/// in four (2 KV heads of 256), gated-delta-net layers between (conv kernel 4, inner size 4096,
/// state 128, 16 groups), 256 experts whose weights are nine tenths of the file, a 262,144-token
/// window.
inline GgufModelInfo moe_35b_a3b() {
  GgufModelInfo m;
  m.name = "test-35b-a3b";
  m.architecture = "qwen35moe";
  m.parameters = 35'000'000'000ull;
  m.tensor_bytes = m.file_bytes = 21'000'000'000ull;
  m.block_count = 40;
  m.head_count = 16;
  m.head_count_kv.assign(40, 2);
  m.key_length = m.value_length = 256;
  m.layer_cache = interval_layers(40, 0, 4);
  m.ssm_conv_kernel = 4;
  m.ssm_inner_size = 4096;
  m.ssm_state_size = 128;
  m.ssm_group_count = 16;
  m.embedding_length = 2048;
  m.vocab_size = 248320;
  m.context_length = 262144;
  m.expert_count = 256;
  m.expert_used_count = 8;
  m.token_embedding_bytes = 500'000'000ull;
  m.bytes_outside_layers = 1'000'000'000ull;
  m.expert_bytes_by_layer.assign(40, 470'000'000ull);
  m.expert_bytes = 40 * 470'000'000ull;
  return m;
}

/// gpt-oss-20b's attention: 24 layers alternating sliding (window 128) and full, 8 KV heads of 64.
inline GgufModelInfo sliding_20b() {
  GgufModelInfo m;
  m.architecture = "gpt-oss";
  m.block_count = 24;
  m.head_count_kv.assign(24, 8);
  m.key_length = m.value_length = 64;
  m.sliding_window = 128;
  m.layer_cache = sliding_layers(24, 0, 2, false);
  return m;
}

}  // namespace pair::testing
