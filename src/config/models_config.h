#pragma once
/// models.json: the models pair can talk to. The original format
/// `[{name, url, modelId, purpose}]` works unchanged; the optional fields
/// below extend it. Looked up in `<workspace>/.pair/models.json`, then
/// `<config dir>/models.json`; without either, a local llama-server at
/// http://localhost:8004/v1 is the default.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

enum class ProviderKind { kOpenAI, kBedrock };
enum class ModelPurpose { kText, kImageVideo };
/// Which server a managed local model runs in.
enum class ServerKind { kLlamaCpp, kVllm };

std::string_view provider_kind_name(ProviderKind k);

/// `speculative` on a managed entry: how its server drafts tokens that one
/// batch then verifies (speculative decoding).
enum class SpeculativeMode {
  kDefault,  ///< the field is absent: what the benchmark chose (local/server_plan.h)
  kOff,      ///< "off"
  kNgram,    ///< "ngram": drafts copied from the context, no second model
  kDraft,    ///< {"draft": ...}: a small draft model of the same family
};

struct SpeculativeConfig {
  SpeculativeMode mode = SpeculativeMode::kDefault;
  std::string draft_gguf;       ///< kDraft: a .gguf file, resolved like `gguf`
  std::string draft_hf;         ///< kDraft: "org/repo[:QUANT]", pulled like `hf`
  std::optional<int> n_max;     ///< `n_max`: most tokens drafted at a time
  std::optional<double> p_min;  ///< `p_min`: least draft probability to go on drafting
};

struct ModelConfig {
  std::string name;
  std::string url;       ///< as written
  std::string base_url;  ///< normalized: no trailing '/', "/v1" added to a bare host for openai
  std::string model_id;  ///< `modelId`; defaults to the name
  ModelPurpose purpose = ModelPurpose::kText;
  ProviderKind provider = ProviderKind::kOpenAI;
  std::string api_key_env;  ///< environment variable holding the API key
  std::optional<int> context_window;
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<int> max_tokens;
  /// `reasoning.budget`: thinking tokens per answer (0 none, -1 no limit); unset: the server's.
  std::optional<int> reasoning_budget;
  /// `reasoning.effort`: "low", "medium", "high", ...; empty: the server's default.
  std::string reasoning_effort;
  /// Send llama.cpp's extra request fields; unset: yes for local servers.
  std::optional<bool> llama_cpp;
  /// Pass the context size to Ollama (`options.num_ctx`); unset: no.
  std::optional<int> ollama_num_ctx;
  std::optional<int> idle_timeout_s;
  std::vector<std::string> headers;  ///< extra HTTP headers, "Name: value"
  /// `vision`: the model accepts images in messages (purpose "imagevid"
  /// implies it).
  bool vision = false;
  bool is_default = false;
  // Bedrock
  std::string region;
  std::string profile;
  // A local model that pair serves itself (see src/local): a GGUF file or a
  // Hugging Face repo, served by llama-server (or vLLM) on the url's port.
  std::string gguf;                           ///< `gguf`: path of a .gguf file (first part of a split model)
  std::string hf;                             ///< `hf`: "org/repo[:QUANT]"
  ServerKind server = ServerKind::kLlamaCpp;  ///< `server`: "llama.cpp" (default) or "vllm"
  std::optional<int> ctx;                     ///< `ctx`: context size to serve with
  std::optional<int> gpu_layers;              ///< `gpu_layers`: layers to offload; unset: automatic
  std::vector<std::string> server_args;       ///< `server_args`: extra server arguments, appended
  SpeculativeConfig speculative;              ///< `speculative`

  /// True when pair starts and manages the server for this entry.
  bool is_managed() const { return !gguf.empty() || !hf.empty(); }

  std::filesystem::path source;  ///< the file it came from; empty for the built-in default
  size_t line = 0;               ///< where its entry starts in that file
};

/// A project's entry left out because the project is not trusted.
struct WithheldModel {
  std::string name;
  std::filesystem::path source;
  size_t line = 0;
  std::vector<std::string> effects;  ///< what it would do (config/model_entry_trust.h)
};

struct ModelsFile {
  std::filesystem::path path;  ///< empty when the built-in default is used
  std::vector<ModelConfig> models;
  std::vector<std::string> warnings;    ///< unknown fields and the like, one per field: shown, not fatal
  std::vector<std::string> notices;     ///< the same, one line per file: what a front-end shows at start
  std::vector<WithheldModel> withheld;  ///< an untrusted project's entries that were left out
};

/// Parses the text of a models.json. Errors (kConfig) name the file, the line
/// and what to change.
Result<ModelsFile> parse_models_json(std::string_view text, const std::filesystem::path& source);

/// The first models.json found for this workspace, or the built-in default.
/// A project's file is used whole only in a trusted project; otherwise its
/// entries that need trust (model_entry_trust.h) are withheld, and when none
/// is left the user's file (or the default) is used instead.
Result<ModelsFile> load_models(const std::filesystem::path& workspace);
Result<ModelsFile> load_models(const std::filesystem::path& workspace, bool project_trusted);

ModelConfig default_local_model();

/// The entry called `name`, or when `name` is empty the default: the entry
/// marked `"default": true`, else the first with purpose "text". A withheld
/// entry's name gives an error that says why and how to trust the project.
Result<ModelConfig> select_model(const ModelsFile& file, std::string_view name);

/// The levels `reasoning.effort` (and `/think`) take: none, minimal, low,
/// medium, high, xhigh, max (llama-server's and OpenAI's words).
bool is_reasoning_effort(std::string_view word);
/// Those words, for messages: "none, minimal, low, medium, high, xhigh or max".
std::string reasoning_effort_words();

/// Whether `m` takes images: `"vision": true`, or purpose "imagevid".
bool accepts_images(const ModelConfig& m);

/// The first entry with purpose "imagevid", if any.
std::optional<ModelConfig> vision_model(const ModelsFile& file);

}  // namespace pair
