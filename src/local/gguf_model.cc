#include "local/gguf_model.h"

#include <algorithm>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <regex>
#include <string_view>

#include "local/ggml_types.h"
#include "local/gguf_layers.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

uint64_t non_negative(std::optional<int64_t> v) {
  return v && *v > 0 ? static_cast<uint64_t>(*v) : 0;
}

/// A per-layer value: a scalar for every layer, or an array with one value each.
std::vector<uint64_t> per_layer(const GgufFile& f, const std::string& key, uint64_t layers, uint64_t fallback) {
  std::vector<uint64_t> out;
  const GgufValue* v = f.find(key);
  uint64_t n = std::min<uint64_t>(layers, 1 << 16);
  if (v && v->is_numeric_array() && !v->array_numbers.empty()) {
    for (uint64_t i = 0; i < n; ++i) {
      double x = v->array_numbers[std::min<size_t>(i, v->array_numbers.size() - 1)];
      out.push_back(x > 0 ? static_cast<uint64_t>(x) : 0);
    }
    return out;
  }
  uint64_t scalar = v && v->is_integer() && v->integer >= 0 ? static_cast<uint64_t>(v->integer) : fallback;
  out.assign(n, scalar);
  return out;
}

/// An expert tensor of layer N as llama-server's --n-cpu-moe names them
/// (common/common.h LLM_FFN_EXPS_REGEX: `\.ffn_(up|down|gate|gate_up)_(ch|)exps`): its N.
std::optional<uint64_t> expert_layer(std::string_view name) {
  static constexpr std::string_view kExperts[] = {".ffn_up_exps",      ".ffn_down_exps",     ".ffn_gate_exps",
                                                  ".ffn_gate_up_exps", ".ffn_up_chexps",     ".ffn_down_chexps",
                                                  ".ffn_gate_chexps",  ".ffn_gate_up_chexps"};
  if (!name.starts_with("blk.")) return std::nullopt;
  bool expert = false;
  for (std::string_view e : kExperts) expert = expert || name.find(e) != std::string_view::npos;
  if (!expert) return std::nullopt;
  uint64_t n = 0;
  size_t i = 4;
  for (; i < name.size() && i < 12 && name[i] >= '0' && name[i] <= '9'; ++i) n = n * 10 + (name[i] - '0');
  if (i == 4 || i >= name.size() || name[i] != '.') return std::nullopt;
  return n;
}

uint64_t saturating_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}

}  // namespace

uint64_t GgufModelInfo::layers_with(LayerCache kind) const {
  uint64_t n = 0;
  for (uint64_t i = 0; i < block_count && i < (1 << 16); ++i) n += cache_of(i) == kind;
  return n;
}

uint64_t GgufModelInfo::recurrent_state_bytes() const {
  // llama_hparams::n_embd_r (the conv rows; the first column is shifted out, so kernel - 1) and
  // n_embd_s (the state), both f32, as llama_memory_recurrent allocates them per layer and sequence.
  double conv = static_cast<double>(ssm_conv_kernel > 0 ? ssm_conv_kernel - 1 : 0) *
                (static_cast<double>(ssm_inner_size) +
                 2.0 * static_cast<double>(ssm_group_count) * static_cast<double>(ssm_state_size));
  double state = static_cast<double>(ssm_state_size) * static_cast<double>(ssm_inner_size);
  double bytes = (conv + state) * 4;
  if (!(bytes < 1e18)) return uint64_t{1} << 60;  // a hostile header: saturate, it will not fit
  return static_cast<uint64_t>(bytes);
}

uint64_t GgufModelInfo::bytes_per_layer() const {
  if (block_count == 0) return 0;
  uint64_t in_layers = tensor_bytes > bytes_outside_layers ? tensor_bytes - bytes_outside_layers : 0;
  return in_layers / block_count;
}

GgufModelInfo summarize_gguf(const std::vector<GgufFile>& parts) {
  GgufModelInfo m;
  if (parts.empty()) return m;
  const GgufFile& f = parts.front();
  m.gguf_version = f.version;
  m.architecture = f.get_string("general.architecture").value_or("");
  m.name = f.get_string("general.name").value_or("");
  m.size_label = f.get_string("general.size_label").value_or("");
  if (auto ft = f.get_int("general.file_type")) m.file_type = llama_file_type_name(static_cast<uint32_t>(*ft));
  const std::string a = m.architecture + ".";
  m.context_length = non_negative(f.get_int(a + "context_length"));
  m.embedding_length = non_negative(f.get_int(a + "embedding_length"));
  m.block_count = non_negative(f.get_int(a + "block_count"));
  auto heads = per_layer(f, a + "attention.head_count", std::max<uint64_t>(m.block_count, 1), 0);
  m.head_count = heads.empty() ? 0 : heads.front();
  m.head_count_kv = per_layer(f, a + "attention.head_count_kv", m.block_count, m.head_count);
  uint64_t head_dim = m.head_count > 0 ? m.embedding_length / m.head_count : 0;
  m.key_length = non_negative(f.get_int(a + "attention.key_length"));
  if (m.key_length == 0) m.key_length = head_dim;
  m.value_length = non_negative(f.get_int(a + "attention.value_length"));
  if (m.value_length == 0) m.value_length = head_dim;
  m.expert_count = non_negative(f.get_int(a + "expert_count"));
  m.expert_used_count = non_negative(f.get_int(a + "expert_used_count"));
  m.sliding_window = non_negative(f.get_int(a + "attention.sliding_window"));
  m.kv_lora_rank = non_negative(f.get_int(a + "attention.kv_lora_rank"));
  m.rope_dimensions = non_negative(f.get_int(a + "rope.dimension_count"));
  m.tokenizer = f.get_string("tokenizer.ggml.model").value_or("");
  if (const GgufValue* tokens = f.find("tokenizer.ggml.tokens"); tokens && tokens->type == GgufType::kArray)
    m.vocab_size = tokens->array_count;
  if (m.vocab_size == 0) m.vocab_size = non_negative(f.get_int(a + "vocab_size"));
  if (const GgufValue* t = f.find("tokenizer.chat_template"); t && t->type == GgufType::kString) {
    m.has_chat_template = t->text_size > 0;
    m.chat_template_bytes = t->text_size;
  }
  if (auto n = f.get_int("split.count"); n && *n > 0) m.split_count = static_cast<uint32_t>(*n);
  read_layer_caches(f, m);

  std::map<uint32_t, QuantShare> by_type;
  for (const auto& part : parts) {
    m.file_bytes += part.file_size;
    m.parts.emplace_back(part.name);
    for (const auto& t : part.tensors) {
      m.tensor_bytes += t.bytes;
      m.parameters += t.elements;
      if (!t.name.starts_with("blk.")) m.bytes_outside_layers += t.bytes;
      if (t.name.starts_with("token_embd.")) m.token_embedding_bytes += t.bytes;
      if (auto layer = expert_layer(t.name); layer && *layer < m.block_count && *layer < (1 << 16)) {
        if (m.expert_bytes_by_layer.size() <= *layer) m.expert_bytes_by_layer.resize(*layer + 1, 0);
        m.expert_bytes_by_layer[*layer] = saturating_add(m.expert_bytes_by_layer[*layer], t.bytes);
        m.expert_bytes = saturating_add(m.expert_bytes, t.bytes);
      }
      auto& share = by_type[t.type];
      share.type = std::string(ggml_type_info(t.type)->name);
      share.tensors++;
      share.elements += t.elements;
      share.bytes += t.bytes;
    }
  }
  for (auto& [id, share] : by_type) m.quantization.push_back(share);
  std::sort(m.quantization.begin(), m.quantization.end(),
            [](const QuantShare& x, const QuantShare& y) { return x.bytes > y.bytes; });
  return m;
}

Result<std::vector<fs::path>> gguf_parts(const fs::path& path) {
  static const std::regex kSplit(R"((.*)-(\d{5})-of-(\d{5})\.gguf)");
  std::smatch match;
  std::string name = path.filename().string();
  if (!std::regex_match(name, match, kSplit)) return std::vector<fs::path>{path};
  int count = std::stoi(match[3].str());
  if (count <= 0 || count > 9999) return std::vector<fs::path>{path};
  std::vector<fs::path> parts;
  for (int i = 1; i <= count; ++i) {
    char suffix[32];
    std::snprintf(suffix, sizeof suffix, "-%05d-of-%05d.gguf", i, count);
    fs::path part = path.parent_path() / (match[1].str() + suffix);
    std::error_code ec;
    if (!fs::exists(part, ec))
      return fail(ErrorCode::kNotFound, path.string() + " is part of a model split in " + std::to_string(count) +
                                            " files, but " + part.string() + " is missing");
    parts.push_back(part);
  }
  return parts;
}

Result<GgufModelInfo> read_gguf_model(const fs::path& path) {
  auto paths = gguf_parts(path);
  if (!paths) return std::unexpected(paths.error());
  std::vector<GgufFile> files;
  for (const auto& p : *paths) {
    auto f = read_gguf(p);
    if (!f) return std::unexpected(f.error());
    files.push_back(std::move(*f));
  }
  // A split model keeps its metadata in the first part; drop the other parts' metadata early.
  for (size_t i = 1; i < files.size(); ++i) files[i].metadata.clear();
  return summarize_gguf(files);
}

std::string format_parameters(uint64_t n) {
  char buf[32];
  if (n >= 1'000'000'000ull)
    std::snprintf(buf, sizeof buf, "%.2f B", static_cast<double>(n) / 1e9);
  else if (n >= 1'000'000ull)
    std::snprintf(buf, sizeof buf, "%.1f M", static_cast<double>(n) / 1e6);
  else
    std::snprintf(buf, sizeof buf, "%" PRIu64, n);
  return buf;
}

}  // namespace pair
