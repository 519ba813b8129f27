#include "local/kv_cache_size.h"

#include <algorithm>
#include <cstdio>

#include "local/ggml_types.h"
#include "util/token_count.h"

namespace pair {
namespace {

constexpr double kSaturated = static_cast<double>(uint64_t{1} << 60);
constexpr uint64_t kBatch = 2048;  // llama-server's -b: the micro-batch is at most this and the context

uint64_t pad256(uint64_t n) {
  return n > (uint64_t{1} << 60) ? uint64_t{1} << 60 : (n + 255) / 256 * 256;
}

uint64_t saturate(double bytes) {
  return bytes < kSaturated ? static_cast<uint64_t>(bytes + 0.5) : uint64_t{1} << 60;
}

/// K and V bytes of one cell of layer `i`.
double layer_cell_bytes(const GgufModelInfo& m, uint64_t i, double bk, double bv) {
  if (m.kv_lora_rank > 0)  // the latent and the rope part as K; no V
    return static_cast<double>(m.kv_lora_rank + m.rope_dimensions) * bk;
  double heads = i < m.head_count_kv.size() ? static_cast<double>(m.head_count_kv[i]) : 0;
  return heads * (static_cast<double>(m.key_length) * bk + static_cast<double>(m.value_length) * bv);
}

/// Bytes per cell of every layer with this cache, together.
double cell_bytes(const GgufModelInfo& m, LayerCache kind, const std::string& cache_k, const std::string& cache_v) {
  double bk = kv_cache_bytes_per_element(cache_k).value_or(2.0);
  double bv = kv_cache_bytes_per_element(cache_v).value_or(2.0);
  double total = 0;
  for (uint64_t i = 0; i < m.block_count && i < (1 << 16); ++i)
    if (m.cache_of(i) == kind) total += layer_cell_bytes(m, i, bk, bv);
  return total;
}

std::string mib(uint64_t bytes) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

std::string layers(uint64_t n) {
  return std::to_string(n) + (n == 1 ? " layer" : " layers");
}

}  // namespace

std::string format_kv_cache(const KvCacheSize& s, uint64_t slots) {
  std::string out;
  auto part = [&](const std::string& text) { out += (out.empty() ? "" : ", ") + text; };
  // Per stream, as llama-server prints them.
  auto cells = [&](uint64_t total) {
    uint64_t streams = std::max<uint64_t>(s.streams, 1);
    std::string n = format_tokens(static_cast<int64_t>(std::min<uint64_t>(total / streams, INT64_MAX))) + " cells";
    return streams > 1 ? std::to_string(streams) + " streams of " + n : n;
  };
  if (s.full_layers > 0)
    part("full attention " + mib(s.full_bytes) + " (" + layers(s.full_layers) + ", " + cells(s.full_cells) + ")");
  if (s.sliding_layers > 0)
    part("sliding window " + mib(s.sliding_bytes) + " (" + layers(s.sliding_layers) + ", " + cells(s.sliding_cells) +
         ")");
  if (s.recurrent_layers > 0)
    part("recurrent state " + mib(s.recurrent_bytes) + " (" + layers(s.recurrent_layers) + ", " +
         std::to_string(slots) + (slots == 1 ? " slot" : " slots") + ", whatever the context)");
  return out.empty() ? "none" : out;
}

uint64_t KvCacheSize::total() const {
  double t =
      static_cast<double>(full_bytes) + static_cast<double>(sliding_bytes) + static_cast<double>(recurrent_bytes);
  return saturate(t);
}

uint64_t kv_bytes_per_token(const GgufModelInfo& m, const std::string& cache_k, const std::string& cache_v) {
  return saturate(cell_bytes(m, LayerCache::kFull, cache_k, cache_v));
}

KvCacheSize kv_cache_size(const GgufModelInfo& m, uint64_t context, const KvCacheOptions& o) {
  KvCacheSize s;
  s.full_layers = m.layers_with(LayerCache::kFull);
  s.sliding_layers = m.layers_with(LayerCache::kSliding);
  s.recurrent_layers = m.layers_with(LayerCache::kRecurrent);
  const uint64_t slots = std::clamp<uint64_t>(o.slots, 1, 1 << 16);
  // src/llama-context.cpp: the context is padded to 256; without a unified cache each slot
  // gets its own stream of context / slots cells, padded again.
  const uint64_t n_ctx = pad256(context);
  const uint64_t streams = o.unified ? 1 : slots;
  const uint64_t per_stream = o.unified ? n_ctx : pad256(n_ctx / slots);
  const uint64_t ubatch = std::min({o.ubatch, context, kBatch});
  // src/llama-kv-cache-iswa.cpp: size_swa = pad(min(size_base, n_swa * (unified ? n_seq_max : 1) + n_ubatch), 256).
  const double window =
      static_cast<double>(m.sliding_window) * static_cast<double>(o.unified ? slots : 1) + static_cast<double>(ubatch);
  const uint64_t swa_per_stream =
      o.swa_full ? per_stream
                 : pad256(std::min<uint64_t>(per_stream,
                                             window < kSaturated ? static_cast<uint64_t>(window) : uint64_t{1} << 60));
  s.streams = streams;
  s.full_cells = saturate(static_cast<double>(per_stream) * static_cast<double>(streams));
  s.sliding_cells = saturate(static_cast<double>(swa_per_stream) * static_cast<double>(streams));
  s.full_bytes =
      saturate(cell_bytes(m, LayerCache::kFull, o.cache_type_k, o.cache_type_v) * static_cast<double>(s.full_cells));
  s.sliding_bytes = saturate(cell_bytes(m, LayerCache::kSliding, o.cache_type_k, o.cache_type_v) *
                             static_cast<double>(s.sliding_cells));
  // src/llama-memory-recurrent.cpp: one state row per slot (max(1, n_seq_max) cells), f32.
  s.recurrent_bytes = saturate(static_cast<double>(s.recurrent_layers) *
                               static_cast<double>(m.recurrent_state_bytes()) * static_cast<double>(slots));
  return s;
}

}  // namespace pair
