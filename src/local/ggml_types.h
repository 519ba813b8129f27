#pragma once
/// ggml's tensor types and llama.cpp's file types, as far as pair needs them:
/// names, block sizes (to size tensors and check files) and the bits per
/// weight of the common quantizations (to estimate a model's size at another
/// quantization). Values match llama.cpp's ggml.h and llama.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pair {

struct GgmlTypeInfo {
  std::string_view name;  ///< "q4_K", as ggml names it
  uint32_t block_size;    ///< elements per block
  uint32_t type_size;     ///< bytes per block
};

/// The type with this id, or nullopt for ids that are unknown or were removed.
std::optional<GgmlTypeInfo> ggml_type_info(uint32_t id);

/// llama.cpp's `general.file_type` as its name ("Q4_K_M"); "file type N" when
/// unknown.
std::string llama_file_type_name(uint32_t file_type);

/// Approximate bits per weight of a llama-quantize target ("Q4_K_M" -> 4.85),
/// case-insensitive; nullopt for names llama-quantize does not know.
std::optional<double> quant_bits_per_weight(std::string_view quant);

/// The quantization names `pair model quantize` accepts, for messages.
std::string_view quant_names();

/// Bytes per element of a KV-cache type given to llama-server's
/// `--cache-type-k/-v` ("f16", "q8_0", ...); nullopt when unknown.
std::optional<double> kv_cache_bytes_per_element(std::string_view type);

}  // namespace pair
