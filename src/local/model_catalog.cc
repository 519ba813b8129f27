#include "local/model_catalog.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "local/hf_repo.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kCatalogFile = "models-catalog.json";

/// Reads the fields of one entry; the first problem is kept with where it is.
class EntryReader {
 public:
  EntryReader(std::string_view what, size_t index, const json& entry) : entry_(entry) {
    where_ = std::string(what) + ": models[" + std::to_string(index) + "]";
    if (std::string name = json_string_or(entry, "name"); !name.empty()) where_ += " (\"" + name + "\")";
  }

  std::string text(const json& in, std::string_view path, std::string_view key) {
    const json& v = json_member(in, key);
    if (!v.is_string() || json_as_string(v).empty()) missing(path, key, "a non-empty string");
    return json_as_string(v);
  }
  uint64_t count(const json& in, std::string_view path, std::string_view key, bool positive) {
    const json& v = json_member(in, key);
    bool ok = v.is_number_unsigned() || (v.is_number_integer() && json_as_int(v) >= 0);
    if (!ok || (positive && json_as_int(v) == 0))
      missing(path, key, positive ? "a positive whole number" : "a whole number, 0 or more");
    return ok ? static_cast<uint64_t>(json_as_int(v)) : 0;
  }
  double share(const json& in, std::string_view path, std::string_view key) {
    const json& v = json_member(in, key);
    double d = json_as_double(v, -1);
    if (!v.is_number() || !(d >= 0 && d <= 1)) missing(path, key, "a number from 0 to 1");
    return d;
  }
  const json& object(const json& in, std::string_view path, std::string_view key) {
    const json& v = json_member(in, key);
    if (!v.is_object()) missing(path, key, "an object");
    return v;
  }
  /// A rule across fields that does not hold.
  void wrong(const std::string& what) {
    if (error_.empty()) error_ = where_ + ": " + what;
  }
  const json& entry() const { return entry_; }
  const std::string& error() const { return error_; }

 private:
  void missing(std::string_view path, std::string_view key, std::string_view expected) {
    wrong("\"" + std::string(path) + std::string(key) + "\" is missing or not " + std::string(expected));
  }
  const json& entry_;
  std::string where_;
  std::string error_;
};

RecurrentShape read_recurrent(EntryReader& r, const json& shape) {
  RecurrentShape s;
  const json& rec = r.object(shape, "shape.", "recurrent");
  s.conv_kernel = r.count(rec, "shape.recurrent.", "conv_kernel", true);
  s.inner_size = r.count(rec, "shape.recurrent.", "inner_size", true);
  s.state_size = r.count(rec, "shape.recurrent.", "state_size", true);
  s.group_count = r.count(rec, "shape.recurrent.", "group_count", true);
  s.time_step_rank = r.count(rec, "shape.recurrent.", "time_step_rank", true);
  return s;
}

CatalogShape read_shape(EntryReader& r) {
  CatalogShape s;
  const json& j = r.object(r.entry(), "", "shape");
  s.architecture = r.text(j, "shape.", "architecture");
  s.layers = r.count(j, "shape.", "layers", true);
  s.full_attention_layers = r.count(j, "shape.", "full_attention_layers", true);
  s.recurrent_layers = r.count(j, "shape.", "recurrent_layers", false);
  s.sliding_window_layers = r.count(j, "shape.", "sliding_window_layers", false);
  s.sliding_window = r.count(j, "shape.", "sliding_window", false);
  s.heads = r.count(j, "shape.", "heads", true);
  s.kv_heads = r.count(j, "shape.", "kv_heads", true);
  s.head_dim = r.count(j, "shape.", "head_dim", true);
  s.embedding = r.count(j, "shape.", "embedding", true);
  s.vocab = r.count(j, "shape.", "vocab", true);
  s.experts = r.count(j, "shape.", "experts", false);
  s.experts_used = r.count(j, "shape.", "experts_used", false);
  s.expert_bytes_share = r.share(j, "shape.", "expert_bytes_share");
  s.native_context = r.count(j, "shape.", "native_context", true);
  if (s.recurrent_layers > 0) s.recurrent = read_recurrent(r, j);
  if (s.full_attention_layers + s.recurrent_layers + s.sliding_window_layers != s.layers)
    r.wrong("shape: full_attention_layers + recurrent_layers + sliding_window_layers must equal layers (" +
            std::to_string(s.layers) + ")");
  if (s.recurrent_layers > 0 && s.sliding_window_layers > 0)
    r.wrong("shape: recurrent and sliding-window layers in one model are not supported");
  if (s.sliding_window_layers > 0 && s.sliding_window == 0)
    r.wrong("shape: sliding_window_layers need a sliding_window (tokens)");
  if (s.kv_heads > s.heads) r.wrong("shape: kv_heads is larger than heads");
  if (s.experts > 0 && (s.experts_used == 0 || s.experts_used > s.experts || s.expert_bytes_share <= 0))
    r.wrong("shape: a MoE model (experts > 0) needs experts_used (1 to experts) and an expert_bytes_share above 0");
  if (s.experts == 0 && (s.experts_used > 0 || s.expert_bytes_share > 0))
    r.wrong("shape: a dense model (experts 0) has no experts_used or expert_bytes_share");
  return s;
}

Result<CatalogModel> read_entry(std::string_view what, size_t index, const json& entry) {
  EntryReader r(what, index, entry);
  CatalogModel m;
  if (!entry.is_object())
    return fail(ErrorCode::kParse, std::string(what) + ": models[" + std::to_string(index) +
                                       "] is not an object (each model is {\"name\": ...})");
  m.name = r.text(entry, "", "name");
  m.label = r.text(entry, "", "label");
  m.hf = r.text(entry, "", "hf");
  m.bytes = r.count(entry, "", "bytes", true);
  const json& params = r.object(entry, "", "parameters");
  m.parameters = r.count(params, "parameters.", "total", true);
  m.active_parameters = r.count(params, "parameters.", "active", true);
  m.tier_gb = r.count(entry, "", "tier_gb", true);
  m.note = r.text(entry, "", "note");
  m.source = r.text(entry, "", "source");
  m.shape_source = r.text(entry, "", "shape_source");
  m.shape = read_shape(r);
  if (m.active_parameters > m.parameters) r.wrong("parameters.active is larger than parameters.total");
  if (!m.hf.empty())
    if (auto ref = parse_hf_ref(m.hf); !ref) r.wrong("\"hf\": " + ref.error().message);
  if (!r.error().empty()) return fail(ErrorCode::kParse, r.error());
  return m;
}

}  // namespace

Result<ParsedCatalog> parse_model_catalog(std::string_view text, std::string_view what) {
  auto j = parse_json(text, what);
  if (!j) return std::unexpected(j.error());
  if (!j->is_object() || !json_member(*j, "models").is_array())
    return fail(ErrorCode::kParse,
                std::string(what) + ": not a model catalog (expected {\"format\": 1, \"models\": [...]})");
  if (int64_t format = json_int_or(*j, "format", 0); format != 1)
    return fail(ErrorCode::kParse, std::string(what) + ": catalog format " + std::to_string(format) +
                                       " is not one this pair reads (format 1)");
  ParsedCatalog out;
  out.replace = json_bool_or(*j, "replace", false);
  size_t index = 0;
  for (const auto& entry : json_array_member(*j, "models")) {
    auto m = read_entry(what, index, entry);
    if (!m) return std::unexpected(m.error());
    for (const auto& seen : out.models)
      if (seen.name == m->name)
        return fail(ErrorCode::kParse, std::string(what) + ": models[" + std::to_string(index) + "]: the name \"" +
                                           m->name + "\" is used twice (names must be unique)");
    out.models.push_back(std::move(*m));
    ++index;
  }
  return out;
}

std::vector<CatalogModel> merge_catalogs(std::vector<CatalogModel> base, const ParsedCatalog& over) {
  if (over.replace) return over.models;
  for (const auto& m : over.models) {
    bool replaced = false;
    for (auto& b : base)
      if (b.name == m.name) {
        b = m;
        replaced = true;
      }
    if (!replaced) base.push_back(m);
  }
  return base;
}

GgufModelInfo catalog_model_info(const CatalogModel& c) {
  const CatalogShape& s = c.shape;
  GgufModelInfo m;
  m.name = c.label;
  m.architecture = s.architecture;
  m.tensor_bytes = c.bytes;
  m.file_bytes = c.bytes;
  m.parameters = c.parameters;
  m.block_count = s.layers;
  m.head_count = s.heads;
  // The full-attention layers are spread evenly, last of each group, as llama.cpp places them
  // (every full_attention_interval-th layer of a hybrid; gpt-oss's odd layers); the others are
  // recurrent (a fixed state, no per-token KV: 0 KV heads, as hybrid GGUFs' per-layer arrays
  // say) or sliding-window.
  m.head_count_kv.assign(s.layers, s.kv_heads);
  m.layer_cache.assign(s.layers, LayerCache::kFull);
  for (uint64_t i = 0; i < s.layers; ++i) {
    if ((i + 1) * s.full_attention_layers / s.layers != i * s.full_attention_layers / s.layers) continue;
    m.layer_cache[i] = s.recurrent_layers > 0 ? LayerCache::kRecurrent : LayerCache::kSliding;
    if (s.recurrent_layers > 0) m.head_count_kv[i] = 0;
  }
  m.ssm_conv_kernel = s.recurrent.conv_kernel;
  m.ssm_inner_size = s.recurrent.inner_size;
  m.ssm_state_size = s.recurrent.state_size;
  m.ssm_group_count = s.recurrent.group_count;
  // The experts' share of the bytes, the same in every layer: what --n-cpu-moe can keep in RAM.
  m.expert_bytes = static_cast<uint64_t>(std::llround(static_cast<double>(c.bytes) * s.expert_bytes_share));
  if (m.expert_bytes > 0) m.expert_bytes_by_layer.assign(s.layers, m.expert_bytes / s.layers);
  m.key_length = m.value_length = s.head_dim;
  m.embedding_length = s.embedding;
  m.vocab_size = s.vocab;
  m.context_length = s.native_context;
  m.expert_count = s.experts;
  m.expert_used_count = s.experts_used;
  m.sliding_window = s.sliding_window_layers > 0 ? s.sliding_window : 0;
  // Embeddings and output at about 4.5 bits per weight (Q4_K-like), as a quantized file keeps them.
  m.token_embedding_bytes = s.vocab * s.embedding * 45 / 80;
  m.bytes_outside_layers = m.token_embedding_bytes * 2;
  return m;
}

std::vector<fs::path> catalog_candidates(const fs::path& executable) {
  std::vector<fs::path> out;
  if (executable.empty()) return out;
  fs::path dir = executable.parent_path();
  out.push_back((dir / ".." / "share" / "pair" / kCatalogFile).lexically_normal());
  // A build folder is one to three levels below the source tree (build/, build/src/app/).
  fs::path up = dir;
  for (int i = 0; i < 4 && up.has_parent_path() && up != up.root_path(); ++i) {
    up = up.parent_path();
    out.push_back(up / "share" / "pair" / kCatalogFile);
  }
  return out;
}

LoadedCatalog load_model_catalog(const fs::path& executable, const fs::path& user_file) {
  LoadedCatalog out;
  std::error_code ec;
  for (const auto& path : catalog_candidates(executable)) {
    if (!fs::is_regular_file(path, ec)) continue;
    auto text = read_file_to_string(path);
    auto parsed =
        text ? parse_model_catalog(*text, path.string()) : Result<ParsedCatalog>(std::unexpected(text.error()));
    if (parsed) {
      out.models = std::move(parsed->models);
      out.installed = path;
      break;
    }
    out.warnings.push_back(parsed.error().message + "; using the catalog built into pair (reinstall pair to repair " +
                           path.string() + ")");
    break;
  }
  if (out.installed.empty()) {
    // The built-in copy is the same file, checked by the unit tests: it always parses.
    if (auto builtin = parse_model_catalog(builtin_model_catalog(), "the built-in model catalog"))
      out.models = std::move(builtin->models);
  }
  if (user_file.empty() || !fs::exists(user_file, ec)) return out;
  auto text = read_file_to_string(user_file);
  auto parsed =
      text ? parse_model_catalog(*text, user_file.string()) : Result<ParsedCatalog>(std::unexpected(text.error()));
  if (!parsed) {
    out.warnings.push_back(parsed.error().message + "; ignoring it and using the installed catalog (fix " +
                           user_file.string() + " or remove it)");
    return out;
  }
  out.models = merge_catalogs(std::move(out.models), *parsed);
  out.user = user_file;
  return out;
}

}  // namespace pair
