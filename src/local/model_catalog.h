#pragma once
/// The catalog of local coding models pair can recommend: data, not code. It is
/// `share/pair/models-catalog.json`, installed beside the program
/// (`<prefix>/share/pair/`); a copy of the same file is built into pair for an
/// install that lost it. A `models-catalog.json` in pair's config directory
/// adds entries to it or replaces them by name (or, with `"replace": true`,
/// replaces the whole list); a malformed one is reported and ignored.
///
/// Format 1:
///   {"format": 1, "replace": false, "models": [{
///     "name", "label", "hf": "org/repo[:QUANT]", "bytes", "tier_gb",
///     "parameters": {"total", "active"}, "note", "source", "shape_source",
///     "shape": {"architecture", "layers", "full_attention_layers",
///               "recurrent_layers", "sliding_window_layers", "sliding_window",
///               "recurrent": {"conv_kernel", "inner_size", "state_size",
///                             "group_count", "time_step_rank"},
///               "heads", "kv_heads", "head_dim", "embedding", "vocab",
///               "experts", "experts_used", "expert_bytes_share",
///               "native_context"}}]}
///
/// Pure functions except load_model_catalog (reads files); any thread.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "local/gguf_model.h"
#include "util/error.h"

namespace pair {

/// The fixed state a recurrent (linear-attention) layer keeps per sequence,
/// in llama.cpp's GGUF terms (`<arch>.ssm.*`).
struct RecurrentShape {
  uint64_t conv_kernel = 0;
  uint64_t inner_size = 0;
  uint64_t state_size = 0;
  uint64_t group_count = 0;
  uint64_t time_step_rank = 0;
};

/// What the memory fit needs to know of a model before it is downloaded.
struct CatalogShape {
  std::string architecture;  ///< general.architecture: "qwen35moe", "gpt-oss"
  uint64_t layers = 0;
  uint64_t full_attention_layers = 0;  ///< cache every token of the context
  uint64_t recurrent_layers = 0;       ///< keep a fixed state instead (RecurrentShape)
  uint64_t sliding_window_layers = 0;  ///< cache only the last `sliding_window` tokens
  uint64_t sliding_window = 0;
  RecurrentShape recurrent;
  uint64_t heads = 0;
  uint64_t kv_heads = 0;
  uint64_t head_dim = 0;
  uint64_t embedding = 0;
  uint64_t vocab = 0;
  uint64_t experts = 0;  ///< 0: dense
  uint64_t experts_used = 0;
  double expert_bytes_share = 0;  ///< of the file's bytes, in the experts' tensors
  uint64_t native_context = 0;
};

struct CatalogModel {
  std::string name;    ///< the models.json name it gets: "qwen3.6-35b-a3b"
  std::string label;   ///< "Qwen3.6-35B-A3B Q4_K_M"
  std::string hf;      ///< "ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M"
  uint64_t bytes = 0;  ///< approximate, all files of the quant
  uint64_t parameters = 0;
  uint64_t active_parameters = 0;  ///< per token (MoE); equal to `parameters` for a dense model
  uint64_t tier_gb = 0;            ///< the memory the model is meant for
  std::string note;                ///< one line for the user
  std::string source;              ///< where the figures come from (model card URL, paper)
  std::string shape_source;        ///< where the shape comes from
  CatalogShape shape;
};

/// Parses and validates a catalog; `what` names it in errors (a file path).
/// Every entry needs every field, a source, an `org/repo[:QUANT]` reference, a
/// unique name, layer counts that add up and active parameters not above the
/// total. Errors (kParse) name `what`, the JSON position or the entry and
/// field, and what is expected. `replace` (optional) says whether an
/// override replaces the list it is laid over.
struct ParsedCatalog {
  std::vector<CatalogModel> models;
  bool replace = false;
};
Result<ParsedCatalog> parse_model_catalog(std::string_view text, std::string_view what);

/// `base` with `override` laid over it: entries of the same name replaced in
/// place, new ones appended; or `override` alone when it says `replace`.
std::vector<CatalogModel> merge_catalogs(std::vector<CatalogModel> base, const ParsedCatalog& override);

/// The GgufModelInfo the memory fit takes for an entry that is not
/// downloaded yet: each layer's cache (full, sliding-window, recurrent), the
/// recurrent state's sizes, and the experts' bytes per layer.
GgufModelInfo catalog_model_info(const CatalogModel& model);

/// The catalog in effect and how it was assembled.
struct LoadedCatalog {
  std::vector<CatalogModel> models;
  std::filesystem::path installed;    ///< the file read; empty: the built-in copy
  std::filesystem::path user;         ///< the user's override, when one was applied
  std::vector<std::string> warnings;  ///< a malformed or unreadable file, and what was used instead
};

/// Where the installed catalog may be for the program at `executable`:
/// `<exe dir>/../share/pair/models-catalog.json`, then
/// `share/pair/models-catalog.json` in the folders above the program (a pair
/// run from its build folder inside the source tree).
std::vector<std::filesystem::path> catalog_candidates(const std::filesystem::path& executable);

/// The catalog in effect: the first installed file found (else the built-in
/// copy) with `user_file` laid over it when it exists. A malformed file is a
/// warning (file, line and column, what to do) and is skipped.
LoadedCatalog load_model_catalog(const std::filesystem::path& executable, const std::filesystem::path& user_file);

/// The text of share/pair/models-catalog.json as it was when pair was built.
std::string_view builtin_model_catalog();

}  // namespace pair
