#include "local/gguf_layers.h"

#include <algorithm>
#include <string>
#include <string_view>

namespace pair {
namespace {

constexpr uint64_t kMaxLayers = 1 << 16;  // far above any real model (llama.cpp allows 512)

enum class SwaWhen {
  kAlways,            // the architecture always slides
  kWindowSet,         // only when `attention.sliding_window` is present and above 0
  kUnlessWindowZero,  // unless `attention.sliding_window` is present and 0 (llama4)
  kIf64Layers,        // exaone4: only its 64-layer (32B) model
};

struct SwaRule {
  std::string_view architecture;
  uint64_t pattern;  // load_swa_pattern's default period
  bool dense_first;
  SwaWhen when;
  uint64_t default_window;  // 0: the window comes from the file
  bool window_fixed;        // the source sets the window whatever the file says
};

// From src/models/<arch>.cpp, load_arch_hparams (llama.cpp 3.22.1).
constexpr SwaRule kSwaRules[] = {
    {"gpt-oss", 2, false, SwaWhen::kAlways, 0, false},             // openai-moe.cpp
    {"gemma2", 2, false, SwaWhen::kAlways, 4096, false},           // gemma2.cpp
    {"gemma3", 6, false, SwaWhen::kWindowSet, 0, false},           // gemma3.cpp
    {"cohere2", 4, false, SwaWhen::kAlways, 0, false},             // cohere2.cpp
    {"cohere2moe", 4, true, SwaWhen::kAlways, 0, false},           // cohere2moe.cpp
    {"exaone4", 4, false, SwaWhen::kIf64Layers, 4096, false},      // exaone4.cpp
    {"exaone-moe", 4, false, SwaWhen::kAlways, 128, false},        // exaone-moe.cpp
    {"olmo2", 4, false, SwaWhen::kWindowSet, 0, false},            // olmo2.cpp
    {"afmoe", 4, false, SwaWhen::kWindowSet, 0, false},            // afmoe.cpp
    {"mellum", 4, false, SwaWhen::kWindowSet, 0, false},           // mellum.cpp
    {"laguna", 4, true, SwaWhen::kWindowSet, 0, false},            // laguna.cpp
    {"plamo3", 8, false, SwaWhen::kWindowSet, 0, false},           // plamo3.cpp
    {"smallthinker", 4, true, SwaWhen::kWindowSet, 4096, true},    // smallthinker.cpp
    {"llama4", 4, false, SwaWhen::kUnlessWindowZero, 8192, true},  // llama4.cpp: chunked, same cache size
};

// Hybrids whose recurrent layers are every layer but each `full_attention_interval`-th
// (src/models/qwen35.cpp, qwen35moe.cpp, qwen3next.cpp: the same code in each).
constexpr std::string_view kIntervalHybrids[] = {"qwen35", "qwen35moe", "qwen3next"};
// Hybrids whose recurrent layers are those with no KV heads (src/models/jamba.cpp,
// granite-hybrid.cpp, plamo2.cpp; nemotron-h.cpp also asks for no feed-forward).
constexpr std::string_view kKvHeadHybrids[] = {"jamba", "granitehybrid", "plamo2", "nemotron_h", "nemotron_h_moe"};
// Purely recurrent (llm_arch_is_recurrent) with the Mamba state llama_hparams::n_embd_r/s describe.
constexpr std::string_view kRecurrent[] = {"mamba", "mamba2"};

template <size_t N>
bool listed(const std::string_view (&names)[N], std::string_view arch) {
  return std::find(std::begin(names), std::end(names), arch) != std::end(names);
}

uint64_t non_negative(std::optional<int64_t> v) {
  return v && *v > 0 ? static_cast<uint64_t>(*v) : 0;
}

/// A per-layer flag as llama_model_loader::get_key_or_arr reads it: one value for all, or one each.
std::optional<std::vector<bool>> flags(const GgufFile& f, const std::string& key, uint64_t layers) {
  const GgufValue* v = f.find(key);
  if (!v) return std::nullopt;
  std::vector<bool> out(layers, false);
  if (v->is_numeric_array()) {
    for (uint64_t i = 0; i < layers && i < v->array_numbers.size(); ++i) out[i] = v->array_numbers[i] != 0;
    return out;
  }
  if (v->is_integer()) {
    std::fill(out.begin(), out.end(), v->integer != 0);
    return out;
  }
  return std::nullopt;
}

void apply_sliding_window(const GgufFile& f, GgufModelInfo& m, uint64_t layers, uint64_t nextn) {
  const std::string a = m.architecture + ".";
  const auto* rule = std::find_if(std::begin(kSwaRules), std::end(kSwaRules),
                                  [&](const SwaRule& r) { return r.architecture == m.architecture; });
  const std::optional<int64_t> window_key = f.get_int(a + "attention.sliding_window");
  if (rule == std::end(kSwaRules)) {
    m.sliding_window = 0;  // the architecture ignores a window in its file: every layer caches all
    return;
  }
  bool on = false;
  switch (rule->when) {
    case SwaWhen::kAlways: on = true; break;
    case SwaWhen::kWindowSet: on = window_key && *window_key > 0; break;
    case SwaWhen::kUnlessWindowZero: on = !(window_key && *window_key == 0); break;
    case SwaWhen::kIf64Layers: on = layers - nextn == 64; break;
  }
  if (!on) {
    m.sliding_window = 0;
    return;
  }
  m.sliding_window = rule->window_fixed || !window_key ? rule->default_window : non_negative(window_key);
  // load_swa_pattern: an array names each layer; a number replaces the default period.
  std::vector<LayerCache> kinds;
  const std::string pattern_key = a + "attention.sliding_window_pattern";
  const GgufValue* pattern_value = f.find(pattern_key);
  auto each = pattern_value && pattern_value->is_numeric_array() ? flags(f, pattern_key, layers) : std::nullopt;
  if (each) {
    kinds.assign(layers, LayerCache::kFull);
    for (uint64_t i = 0; i + nextn < layers; ++i)
      if ((*each)[i]) kinds[i] = LayerCache::kSliding;
    for (uint64_t i = layers - nextn; i < layers; ++i) kinds[i] = LayerCache::kNone;
  } else {
    uint64_t pattern = rule->pattern;
    if (auto n = f.get_int(pattern_key); n && *n >= 0) pattern = static_cast<uint64_t>(*n);
    kinds = sliding_layers(layers, nextn, pattern, rule->dense_first);
  }
  m.layer_cache = std::move(kinds);
}

}  // namespace

std::vector<LayerCache> interval_layers(uint64_t layers, uint64_t nextn, uint64_t interval) {
  layers = std::min(layers, kMaxLayers);
  nextn = std::min(nextn, layers);
  std::vector<LayerCache> out(layers, LayerCache::kNone);
  for (uint64_t i = 0; i < layers - nextn; ++i)
    out[i] = interval > 0 && (i + 1) % interval == 0 ? LayerCache::kFull : LayerCache::kRecurrent;
  return out;
}

std::vector<LayerCache> sliding_layers(uint64_t layers, uint64_t nextn, uint64_t pattern, bool dense_first) {
  layers = std::min(layers, kMaxLayers);
  nextn = std::min(nextn, layers);
  std::vector<LayerCache> out(layers, LayerCache::kNone);
  for (uint64_t i = 0; i < layers - nextn; ++i) {
    bool slides = pattern == 0 || (dense_first ? i % pattern != 0 : i % pattern < pattern - 1);
    out[i] = slides ? LayerCache::kSliding : LayerCache::kFull;
  }
  return out;
}

void read_layer_caches(const GgufFile& f, GgufModelInfo& m) {
  const std::string a = m.architecture + ".";
  const uint64_t layers = std::min(m.block_count, kMaxLayers);
  m.nextn_layers = std::min(non_negative(f.get_int(a + "nextn_predict_layers")), layers);
  m.ssm_conv_kernel = non_negative(f.get_int(a + "ssm.conv_kernel"));
  m.ssm_inner_size = non_negative(f.get_int(a + "ssm.inner_size"));
  m.ssm_state_size = non_negative(f.get_int(a + "ssm.state_size"));
  m.ssm_group_count = non_negative(f.get_int(a + "ssm.group_count"));
  const uint64_t nextn = m.nextn_layers;
  const uint64_t trunk = layers - nextn;
  auto kv_heads = [&](uint64_t i) { return i < m.head_count_kv.size() ? m.head_count_kv[i] : 0; };

  if (listed(kIntervalHybrids, m.architecture)) {
    // `attention.recurrent_layers` (one flag, or one per layer) wins over the interval.
    if (auto recurrent = flags(f, a + "attention.recurrent_layers", layers)) {
      m.layer_cache.assign(layers, LayerCache::kNone);
      for (uint64_t i = 0; i < trunk; ++i)
        m.layer_cache[i] = (*recurrent)[i] ? LayerCache::kRecurrent : LayerCache::kFull;
    } else {
      auto interval = f.get_int(a + "full_attention_interval");
      m.layer_cache = interval_layers(layers, nextn, interval && *interval >= 0 ? static_cast<uint64_t>(*interval) : 4);
    }
    m.sliding_window = 0;
    return;
  }
  if (listed(kKvHeadHybrids, m.architecture)) {
    // nemotron_h: a layer with neither KV heads nor a feed-forward is recurrent; one with a
    // feed-forward only is neither.
    const bool nemotron = m.architecture.starts_with("nemotron_h");
    const GgufValue* ff = f.find(a + "feed_forward_length");
    auto has_ff = [&](uint64_t i) {
      if (!nemotron || !ff) return false;
      if (ff->is_numeric_array()) return i < ff->array_numbers.size() && ff->array_numbers[i] > 0;
      return ff->is_integer() && ff->integer > 0;
    };
    m.layer_cache.assign(layers, LayerCache::kNone);
    for (uint64_t i = 0; i < trunk; ++i) {
      if (kv_heads(i) > 0)
        m.layer_cache[i] = LayerCache::kFull;
      else if (!has_ff(i))
        m.layer_cache[i] = LayerCache::kRecurrent;
    }
    m.sliding_window = 0;
    return;
  }
  if (listed(kRecurrent, m.architecture)) {
    m.layer_cache.assign(layers, LayerCache::kNone);
    std::fill_n(m.layer_cache.begin(), trunk, LayerCache::kRecurrent);
    m.sliding_window = 0;
    return;
  }
  apply_sliding_window(f, m, layers, nextn);
  if (!m.layer_cache.empty()) return;
  if (nextn == 0) return;  // every layer full attention: layer_cache stays empty
  m.layer_cache.assign(layers, LayerCache::kFull);
  for (uint64_t i = trunk; i < layers; ++i) m.layer_cache[i] = LayerCache::kNone;
}

std::string format_layer_caches(const GgufModelInfo& m) {
  const uint64_t full = m.layers_with(LayerCache::kFull);
  const uint64_t sliding = m.layers_with(LayerCache::kSliding);
  const uint64_t recurrent = m.layers_with(LayerCache::kRecurrent);
  if (sliding == 0 && recurrent == 0) return "";
  std::string out;
  auto part = [&](uint64_t n, const std::string& what) {
    if (n > 0) out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
  };
  part(sliding, "sliding window (" + std::to_string(m.sliding_window) + " tokens)");
  part(full, "full attention");
  part(recurrent, "recurrent (a fixed state, whatever the context)");
  return out;
}

}  // namespace pair
