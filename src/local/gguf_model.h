#pragma once
/// What `pair model info` shows and the memory fit needs, summarised from a
/// GGUF model's metadata and tensor table, across the parts of a split model
/// (`name-00001-of-00003.gguf`).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "local/gguf.h"
#include "util/error.h"

namespace pair {

struct QuantShare {
  std::string type;  ///< ggml type name: "q4_K"
  uint64_t tensors = 0;
  uint64_t elements = 0;
  uint64_t bytes = 0;
};

/// What one layer keeps between tokens in llama-server's main context, as
/// llama.cpp allocates it (local/gguf_layers.h decides it per architecture).
enum class LayerCache {
  kFull,       ///< attention over the whole context: K and V for every token
  kSliding,    ///< sliding-window attention: only the window (and one micro-batch) is kept
  kRecurrent,  ///< linear attention / state space: a fixed state per sequence, whatever the context
  kNone,       ///< nothing in the main context (next-token-prediction layers)
};

struct GgufModelInfo {
  std::vector<std::filesystem::path> parts;  ///< every file, in order
  uint64_t file_bytes = 0;                   ///< all parts together
  uint64_t tensor_bytes = 0;                 ///< weights: all tensor data
  uint64_t parameters = 0;                   ///< elements of all tensors
  std::string architecture;                  ///< general.architecture: "llama", "qwen3moe"
  std::string name;                          ///< general.name
  std::string size_label;                    ///< general.size_label: "30B-A3B"
  std::string file_type;                     ///< "Q4_K_M", from general.file_type
  std::vector<QuantShare> quantization;      ///< by bytes, largest first
  uint32_t gguf_version = 0;
  uint64_t context_length = 0;  ///< the context the model was trained for
  uint64_t embedding_length = 0;
  uint64_t block_count = 0;             ///< layers
  uint64_t head_count = 0;              ///< of the first layer
  std::vector<uint64_t> head_count_kv;  ///< per layer (one value per layer, even when the file has a scalar)
  uint64_t key_length = 0;              ///< per head; default embedding/heads
  uint64_t value_length = 0;
  uint64_t expert_count = 0;       ///< 0: dense
  uint64_t expert_used_count = 0;  ///< experts active per token
  uint64_t sliding_window = 0;     ///< tokens a kSliding layer attends to (the architecture's default applied)
  uint64_t nextn_layers = 0;       ///< trailing next-token-prediction layers (`nextn_predict_layers`)
  /// Per layer; empty (a shape written by hand) means every layer is kFull.
  std::vector<LayerCache> layer_cache;
  /// The recurrent layers' state (`ssm.*`): conv kernel, inner size, state size, groups.
  uint64_t ssm_conv_kernel = 0, ssm_inner_size = 0, ssm_state_size = 0, ssm_group_count = 0;
  uint64_t kv_lora_rank = 0;  ///< multi-head latent attention (DeepSeek): the KV cache holds this per token
  uint64_t rope_dimensions = 0;
  uint64_t vocab_size = 0;
  std::string tokenizer;  ///< tokenizer.ggml.model: "gpt2", "llama"
  bool has_chat_template = false;
  uint64_t chat_template_bytes = 0;
  uint32_t split_count = 1;

  /// Bytes of the expert weights llama-server's `--n-cpu-moe` keeps in RAM
  /// (`blk.N.ffn_{up,down,gate,gate_up}_{,ch}exps`), per layer; empty: dense.
  std::vector<uint64_t> expert_bytes_by_layer;
  uint64_t expert_bytes = 0;  ///< all layers together

  bool is_moe() const { return expert_count > 1; }
  /// Layer `i`'s cache: kFull when layer_cache does not say.
  LayerCache cache_of(uint64_t i) const { return i < layer_cache.size() ? layer_cache[i] : LayerCache::kFull; }
  /// How many of the block_count layers keep this kind of cache.
  uint64_t layers_with(LayerCache kind) const;
  /// Bytes of one recurrent layer's state for one sequence (f32 conv and
  /// state rows, as llama-memory-recurrent.cpp allocates them); saturates.
  uint64_t recurrent_state_bytes() const;
  /// Bytes of weights per layer on average (for partial-offload arithmetic).
  uint64_t bytes_per_layer() const;
  /// Weights outside the repeating layers (embeddings, output).
  uint64_t bytes_outside_layers = 0;
  /// The token embeddings: llama.cpp keeps them in RAM even when every layer is on a GPU.
  uint64_t token_embedding_bytes = 0;
};

/// Summarises parsed files (the parts of one model, in order).
GgufModelInfo summarize_gguf(const std::vector<GgufFile>& parts);

/// The part files of a split model given any one of them (or a plain file: itself).
/// Errors name the missing part.
Result<std::vector<std::filesystem::path>> gguf_parts(const std::filesystem::path& path);

/// Reads every part and summarises. Errors as read_gguf, naming the part.
Result<GgufModelInfo> read_gguf_model(const std::filesystem::path& path);

/// "7.62 B", "494 M".
std::string format_parameters(uint64_t n);

}  // namespace pair
