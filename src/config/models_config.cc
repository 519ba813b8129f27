#include "config/models_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <set>

#include "config/json_locator.h"
#include "config/model_entry_trust.h"
#include "config/project_trust.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::set<std::string> kKnownKeys = {"name", "url", "modelId", "purpose", "provider", "api_key_env",
                                          "context_window", "temperature", "top_p", "max_tokens", "llama_cpp",
                                          "ollama_num_ctx", "idle_timeout_s", "headers", "default", "region", "profile",
                                          // local models (managed llama-server)
                                          "gguf", "hf", "ctx", "gpu_layers", "server_args", "server", "speculative",
                                          // images in messages
                                          "vision",
                                          // how much a reasoning model thinks
                                          "reasoning"};

class EntryReader {
 public:
  EntryReader(const json& entry, const JsonElementLocation* loc, std::string_view text, const fs::path& source,
              size_t index)
      : entry_(entry), loc_(loc), text_(text), source_(source), index_(index) {}

  size_t line_of(std::string_view key = "") const {
    if (!loc_) return 0;
    for (const auto& k : loc_->keys)
      if (k.key == key) return position_of(text_, k.offset).line;
    return position_of(text_, loc_->offset).line;
  }

  Error error(std::string_view key, const std::string& what) const {
    std::string where = source_.string();
    if (size_t line = line_of(key)) where += ":" + std::to_string(line);
    std::string entry = "entry " + std::to_string(index_ + 1);
    if (const json& name = json_member(entry_, "name"); name.is_string())
      entry += " (\"" + json_as_string(name) + "\")";
    return {ErrorCode::kConfig, where + ": " + entry + ": " + what};
  }

  Result<std::optional<std::string>> string(const char* key) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return std::optional<std::string>();
    if (!it->is_string()) return std::unexpected(error(key, std::string("\"") + key + "\" must be a string"));
    return std::optional<std::string>(json_as_string(*it));
  }

  Result<std::optional<double>> number(const char* key) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return std::optional<double>();
    if (!it->is_number()) return std::unexpected(error(key, std::string("\"") + key + "\" must be a number"));
    return std::optional<double>(json_as_double(*it));
  }

  Result<std::optional<int>> positive_int(const char* key) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return std::optional<int>();
    int64_t n = it->is_number_integer() ? json_as_int(*it, -1) : -1;
    if (n <= 0 || n > (1LL << 30))
      return std::unexpected(error(key, std::string("\"") + key + "\" must be a positive whole number"));
    return std::optional<int>(static_cast<int>(n));
  }

  const json& entry() const { return entry_; }
  const fs::path& source() const { return source_; }

  Result<std::optional<bool>> boolean(const char* key) const {
    auto it = entry_.find(key);
    if (it == entry_.end() || it->is_null()) return std::optional<bool>();
    if (!it->is_boolean()) return std::unexpected(error(key, std::string("\"") + key + "\" must be true or false"));
    return std::optional<bool>(json_as_bool(*it, false));
  }

 private:
  const json& entry_;
  const JsonElementLocation* loc_;
  std::string_view text_;
  const fs::path& source_;
  size_t index_;
};

#define PAIR_TRY(var, expr)                              \
  auto var##_r = (expr);                                 \
  if (!var##_r) return std::unexpected(var##_r.error()); \
  auto var = *var##_r

std::string normalize_base_url(const std::string& url, ProviderKind kind, const Url& parsed) {
  std::string base = url;
  while (base.ends_with("/")) base.pop_back();
  // The original format lets the url be a bare host; OpenAI-style servers live under /v1.
  if (kind == ProviderKind::kOpenAI && (parsed.path.empty() || parsed.path == "/")) base += "/v1";
  if (base.ends_with("/chat/completions")) base.resize(base.size() - std::string_view("/chat/completions").size());
  return base;
}

/// `url` and `provider`: where requests go and which wire format they speak. A
/// local model (`gguf` or `hf` given) may leave `url` out.
Result<void> read_endpoint(const EntryReader& r, bool local, ModelConfig& m) {
  PAIR_TRY(url, r.string("url"));
  if (!url && !local) return std::unexpected(r.error("url", "\"url\" is required, e.g. \"http://localhost:8004/v1\""));
  m.url = url.value_or("http://localhost:8004/v1");
  auto parsed = parse_url(m.url);
  if (!parsed) return std::unexpected(r.error("url", parsed.error().message));
  if (parsed->scheme != "http" && parsed->scheme != "https")
    return std::unexpected(r.error("url", "\"url\" must start with http:// or https://"));

  PAIR_TRY(provider, r.string("provider"));
  if (provider) {
    if (*provider == "openai")
      m.provider = ProviderKind::kOpenAI;
    else if (*provider == "bedrock")
      m.provider = ProviderKind::kBedrock;
    else
      return std::unexpected(
          r.error("provider", "\"provider\" must be \"openai\" or \"bedrock\", not \"" + *provider + "\""));
  } else if (parsed->host.find("bedrock-runtime") != std::string::npos) {
    m.provider = ProviderKind::kBedrock;
  }
  m.base_url = normalize_base_url(m.url, m.provider, *parsed);
  return {};
}

/// `reasoning`: {"budget": thinking tokens (0 none, -1 no limit), "effort": a
/// level}. Request fields, never the prompt (see GenerationOptions).
Result<void> read_reasoning(const EntryReader& r, ModelConfig& m) {
  const json& reasoning = json_member(r.entry(), "reasoning");
  if (reasoning.is_null()) return {};
  const char* shape = "\"reasoning\" must be an object such as {\"budget\": 2048} or {\"effort\": \"low\"}";
  if (!reasoning.is_object()) return std::unexpected(r.error("reasoning", shape));
  for (const auto& [key, value] : reasoning.items()) {
    if (key == "budget") {
      int64_t n = value.is_number_integer() ? json_as_int(value, -2) : -2;
      if (n < -1 || n > (1LL << 30))
        return std::unexpected(r.error("reasoning",
                                       "\"reasoning.budget\" must be a whole number of tokens: 0 for no "
                                       "thinking, -1 for no limit"));
      m.reasoning_budget = static_cast<int>(n);
    } else if (key == "effort") {
      std::string effort = value.is_string() ? json_as_string(value) : "";
      if (!is_reasoning_effort(effort))
        return std::unexpected(r.error("reasoning", "\"reasoning.effort\" must be one of " + reasoning_effort_words()));
      m.reasoning_effort = effort;
    } else {
      return std::unexpected(r.error("reasoning", "unknown field \"reasoning." + key + "\": " + shape));
    }
  }
  return {};
}

/// What each request carries: the model id, purpose, credentials, sampling and
/// limits, and Bedrock's region and profile.
Result<void> read_request_options(const EntryReader& r, ModelConfig& m) {
  PAIR_TRY(model_id, r.string("modelId"));
  m.model_id = model_id.value_or(m.name);
  PAIR_TRY(purpose, r.string("purpose"));
  if (purpose) {
    if (*purpose == "text")
      m.purpose = ModelPurpose::kText;
    else if (*purpose == "imagevid")
      m.purpose = ModelPurpose::kImageVideo;
    else
      return std::unexpected(
          r.error("purpose", "\"purpose\" must be \"text\" or \"imagevid\", not \"" + *purpose + "\""));
  }
  PAIR_TRY(api_key_env, r.string("api_key_env"));
  m.api_key_env = api_key_env.value_or("");
  PAIR_TRY(context_window, r.positive_int("context_window"));
  m.context_window = context_window;
  PAIR_TRY(temperature, r.number("temperature"));
  if (temperature && (*temperature < 0 || *temperature > 2))
    return std::unexpected(r.error("temperature", "\"temperature\" must be between 0 and 2"));
  m.temperature = temperature;
  PAIR_TRY(top_p, r.number("top_p"));
  if (top_p && (*top_p <= 0 || *top_p > 1)) return std::unexpected(r.error("top_p", "\"top_p\" must be in (0, 1]"));
  m.top_p = top_p;
  PAIR_TRY(max_tokens, r.positive_int("max_tokens"));
  m.max_tokens = max_tokens;
  PAIR_TRY(llama_cpp, r.boolean("llama_cpp"));
  m.llama_cpp = llama_cpp;
  PAIR_TRY(num_ctx, r.positive_int("ollama_num_ctx"));
  m.ollama_num_ctx = num_ctx;
  PAIR_TRY(idle, r.positive_int("idle_timeout_s"));
  m.idle_timeout_s = idle;
  PAIR_TRY(vision, r.boolean("vision"));
  m.vision = vision.value_or(false);
  if (auto ok = read_reasoning(r, m); !ok) return std::unexpected(ok.error());
  PAIR_TRY(is_default, r.boolean("default"));
  m.is_default = is_default.value_or(false);
  PAIR_TRY(region, r.string("region"));
  m.region = region.value_or("");
  PAIR_TRY(profile, r.string("profile"));
  m.profile = profile.value_or("");
  return {};
}

/// A local model file named in an entry: `~` expanded, a relative path taken
/// from the models.json that names it.
std::string resolve_model_file(const std::string& path, const fs::path& source) {
  std::string out = expand_home(path).string();
  if (!fs::path(out).is_absolute() && !source.empty()) out = (source.parent_path() / out).string();
  return out;
}

/// A model pair serves itself: `gguf` (resolved against the models.json that
/// names it) or `hf`, and how to serve it (`server`, `ctx`, `gpu_layers`,
/// `server_args`).
Result<void> read_local_server(const EntryReader& r, std::optional<std::string> gguf, std::optional<std::string> hf,
                               ModelConfig& m) {
  const json& entry = r.entry();
  const fs::path& source = r.source();
  m.gguf = gguf.value_or("");
  m.hf = hf.value_or("");
  if (!m.gguf.empty() && !m.hf.empty())
    return std::unexpected(
        r.error("hf", "give either \"gguf\" (a local file) or \"hf\" (a Hugging Face repo), not both"));
  if (!m.gguf.empty()) m.gguf = resolve_model_file(m.gguf, source);
  PAIR_TRY(server, r.string("server"));
  if (server) {
    if (*server == "llama.cpp" || *server == "llama-server")
      m.server = ServerKind::kLlamaCpp;
    else if (*server == "vllm")
      m.server = ServerKind::kVllm;
    else
      return std::unexpected(
          r.error("server", "\"server\" must be \"llama.cpp\" or \"vllm\", not \"" + *server + "\""));
  }
  PAIR_TRY(ctx, r.positive_int("ctx"));
  m.ctx = ctx;
  if (auto it = entry.find("gpu_layers"); it != entry.end() && !it->is_null()) {
    int64_t n = it->is_number_integer() ? json_as_int(*it, -1) : -1;
    if (n < 0 || n > 100000)
      return std::unexpected(r.error("gpu_layers", "\"gpu_layers\" must be a whole number >= 0 (0: CPU only)"));
    m.gpu_layers = static_cast<int>(n);
  }
  if (auto it = entry.find("server_args"); it != entry.end() && !it->is_null()) {
    if (!it->is_array())
      return std::unexpected(
          r.error("server_args", "\"server_args\" must be a list of strings, e.g. [\"--rpc\", \"host:50052\"]"));
    for (const auto& a : *it) {
      if (!a.is_string()) return std::unexpected(r.error("server_args", "each of \"server_args\" must be a string"));
      m.server_args.push_back(json_as_string(a));
    }
  }
  return {};
}

/// `speculative`: "ngram", "off", or {"draft": FILE.gguf | "org/repo:QUANT", "n_max": N, "p_min": P}.
Result<void> read_speculative(const EntryReader& r, ModelConfig& m) {
  auto it = r.entry().find("speculative");
  if (it == r.entry().end() || it->is_null()) return {};
  const std::string forms =
      "\"speculative\" must be \"ngram\", \"off\", or {\"draft\": \"FILE.gguf\" or \"org/repo:QUANT\", "
      "\"n_max\": N, \"p_min\": P}";
  if (!m.is_managed())
    return std::unexpected(r.error("speculative",
                                   "\"speculative\" applies to a model pair serves itself; give the "
                                   "entry \"gguf\" or \"hf\", or drop \"speculative\""));
  SpeculativeConfig& s = m.speculative;
  if (it->is_string()) {
    std::string v = json_as_string(*it);
    if (v == "ngram")
      s.mode = SpeculativeMode::kNgram;
    else if (v == "off")
      s.mode = SpeculativeMode::kOff;
    else
      return std::unexpected(r.error("speculative", forms + ", not \"" + v + "\""));
    return {};
  }
  if (!it->is_object()) return std::unexpected(r.error("speculative", forms));
  for (const auto& [key, value] : it->items())
    if (key != "draft" && key != "n_max" && key != "p_min")
      return std::unexpected(r.error("speculative", "unknown field \"" + key + "\" in \"speculative\"; " + forms));
  const json& draft = json_member(*it, "draft");
  std::string ref = draft.is_string() ? std::string(trim(json_as_string(draft))) : std::string();
  if (ref.empty())
    return std::unexpected(r.error("speculative",
                                   "\"speculative\" needs \"draft\": a .gguf file or a Hugging Face "
                                   "\"org/repo:QUANT\" (for drafts copied from the context, use "
                                   "\"ngram\")"));
  s.mode = SpeculativeMode::kDraft;
  if (to_lower(ref).ends_with(".gguf"))
    s.draft_gguf = resolve_model_file(ref, r.source());
  else if (ref.find('/') != std::string::npos && ref.find_first_of(" \t") == std::string::npos)
    s.draft_hf = ref;
  else
    return std::unexpected(
        r.error("speculative", "\"draft\" must be a .gguf file or \"org/repo:QUANT\", not \"" + ref + "\""));
  if (const json& n = json_member(*it, "n_max"); !n.is_null()) {
    int64_t v = n.is_number_integer() ? json_as_int(n, -1) : -1;
    if (v < 1 || v > 256)
      return std::unexpected(
          r.error("speculative", "\"n_max\" in \"speculative\" must be a whole number from 1 to 256"));
    s.n_max = static_cast<int>(v);
  }
  if (const json& p = json_member(*it, "p_min"); !p.is_null()) {
    double v = p.is_number() ? json_as_double(p) : -1;
    if (!(v >= 0 && v <= 1))
      return std::unexpected(r.error("speculative", "\"p_min\" in \"speculative\" must be a number from 0 to 1"));
    s.p_min = v;
  }
  return {};
}

/// `headers`: extra HTTP headers, each value a string.
Result<void> read_headers(const EntryReader& r, ModelConfig& m) {
  const json& entry = r.entry();
  if (auto it = entry.find("headers"); it != entry.end() && !it->is_null()) {
    if (!it->is_object())
      return std::unexpected(r.error("headers", "\"headers\" must be an object of header names to string values"));
    for (const auto& [k, v] : it->items()) {
      if (!v.is_string()) return std::unexpected(r.error("headers", "header \"" + k + "\" must have a string value"));
      m.headers.push_back(k + ": " + json_as_string(v));
    }
  }
  return {};
}

/// Fields pair does not know: a warning each (file:line) and a short mention
/// for the file's one-line notice.
void report_unknown_fields(const EntryReader& r, const ModelConfig& m, std::vector<std::string>* warnings,
                           std::vector<std::string>* unknown) {
  for (const auto& [key, value] : r.entry().items()) {
    if (kKnownKeys.contains(key)) continue;
    warnings->push_back(r.source().string() + ":" + std::to_string(r.line_of(key)) + ": entry \"" + m.name +
                        "\": unknown field \"" + key + "\" (ignored)");
    unknown->push_back("\"" + key + "\" (line " + std::to_string(r.line_of(key)) + ")");
  }
}

Result<ModelConfig> read_entry(const json& entry, const JsonElementLocation* loc, std::string_view text,
                               const fs::path& source, size_t index, std::vector<std::string>* warnings,
                               std::vector<std::string>* unknown) {
  EntryReader r(entry, loc, text, source, index);
  if (!entry.is_object())
    return std::unexpected(
        r.error("", "each entry must be an object like {\"name\": ..., \"url\": ..., \"modelId\": ...}"));
  ModelConfig m;
  m.source = source;
  m.line = r.line_of();

  PAIR_TRY(name, r.string("name"));
  if (!name || trim(*name).empty())
    return std::unexpected(r.error("name", "\"name\" is required (the name you pick the model by)"));
  m.name = *name;

  // Type-checked before `url`, which either of them makes optional.
  PAIR_TRY(gguf, r.string("gguf"));
  PAIR_TRY(hf, r.string("hf"));
  if (auto ok = read_endpoint(r, gguf.has_value() || hf.has_value(), m); !ok) return std::unexpected(ok.error());
  if (auto ok = read_request_options(r, m); !ok) return std::unexpected(ok.error());
  if (auto ok = read_local_server(r, std::move(gguf), std::move(hf), m); !ok) return std::unexpected(ok.error());
  if (auto ok = read_speculative(r, m); !ok) return std::unexpected(ok.error());
  if (auto ok = read_headers(r, m); !ok) return std::unexpected(ok.error());
  report_unknown_fields(r, m, warnings, unknown);
  return m;
}

}  // namespace

std::string_view provider_kind_name(ProviderKind k) {
  switch (k) {
    case ProviderKind::kOpenAI: return "openai";
    case ProviderKind::kBedrock: return "bedrock";
  }
  return "openai";
}

Result<ModelsFile> parse_models_json(std::string_view text, const fs::path& source) {
  ModelsFile file;
  file.path = source;
  auto parsed = parse_json(text, source.string(), ErrorCode::kConfig);
  if (!parsed) return std::unexpected(parsed.error());
  json doc = std::move(*parsed);
  const json* list = &doc;
  std::string_view array_key;
  if (doc.is_object() && doc.contains("models")) {
    list = &doc["models"];
    array_key = "models";
  }
  if (!list->is_array())
    return fail(
        ErrorCode::kConfig,
        source.string() +
            ":1: expected a list of models: [{\"name\": ..., \"url\": ..., \"modelId\": ..., \"purpose\": \"text\"}]");
  auto locations = locate_array_elements(text, array_key);
  std::set<std::string> names;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < list->size(); ++i) {
    const JsonElementLocation* loc = i < locations.size() ? &locations[i] : nullptr;
    auto m = read_entry((*list)[i], loc, text, source, i, &file.warnings, &unknown);
    if (!m) return std::unexpected(m.error());
    if (!names.insert(m->name).second)
      return fail(ErrorCode::kConfig, source.string() + ":" + std::to_string(m->line) + ": the name \"" + m->name +
                                          "\" is used by more than one entry; names must be unique");
    file.models.push_back(std::move(*m));
  }
  if (file.models.empty())
    return fail(ErrorCode::kConfig, source.string() + ":1: the list of models is empty; add at least one entry");
  if (!unknown.empty())
    file.notices.push_back(source.string() + ": " + plural(unknown.size(), "unknown field", "unknown fields") +
                           " ignored: " + join(unknown, ", ") + "; check the spelling (pair doctor lists each one)");
  return file;
}

ModelConfig default_local_model() {
  ModelConfig m;
  m.name = "local";
  m.url = "http://localhost:8004/v1";
  m.base_url = m.url;
  m.model_id = "local";
  return m;
}

Result<ModelsFile> load_models(const fs::path& workspace) {
  return load_models(workspace, project_trust(workspace).trusted());
}

Result<ModelsFile> load_models(const fs::path& workspace, bool project_trusted) {
  std::vector<WithheldModel> withheld;
  std::vector<std::string> warnings, notices;
  for (bool from_project : {true, false}) {
    fs::path candidate = from_project ? workspace / ".pair" / "models.json" : config_dir() / "models.json";
    std::error_code ec;
    if (!fs::exists(candidate, ec)) continue;
    auto text = read_file_to_string(candidate);
    if (!text) return fail(ErrorCode::kConfig, text.error().message);
    auto file = parse_models_json(*text, candidate);
    if (!file) return file;
    if (from_project && !project_trusted) {
      std::vector<ModelConfig> kept;
      for (auto& m : file->models) {
        auto effects = entry_effects_needing_trust(m);
        if (effects.empty())
          kept.push_back(std::move(m));
        else
          withheld.push_back({m.name, m.source, m.line, std::move(effects)});
      }
      file->models = std::move(kept);
      if (file->models.empty()) {  // nothing usable here: the user's own file decides
        warnings = std::move(file->warnings);
        notices = std::move(file->notices);
        continue;
      }
    }
    file->withheld = std::move(withheld);
    file->warnings.insert(file->warnings.begin(), warnings.begin(), warnings.end());
    file->notices.insert(file->notices.begin(), notices.begin(), notices.end());
    return file;
  }
  ModelsFile file;
  file.models.push_back(default_local_model());
  file.withheld = std::move(withheld);
  file.warnings = std::move(warnings);
  file.notices = std::move(notices);
  return file;
}

Result<ModelConfig> select_model(const ModelsFile& file, std::string_view name) {
  if (!name.empty()) {
    for (const auto& m : file.models)
      if (m.name == name) return m;
    for (const auto& w : file.withheld)
      if (w.name == name)
        return fail(ErrorCode::kConfig, w.source.string() + ":" + std::to_string(w.line) + ": model \"" + w.name +
                                            "\" is not used: this project is not trusted, and the entry would " +
                                            join(w.effects, "; ") + ". If you trust this project, run `pair trust` " +
                                            "in " + w.source.parent_path().parent_path().string());
    std::vector<std::string> names;
    for (const auto& m : file.models) names.push_back(m.name);
    std::string where = file.path.empty() ? "the built-in default (no models.json found)" : file.path.string();
    return fail(ErrorCode::kNotFound,
                "no model named \"" + std::string(name) + "\" in " + where + "; available: " + join(names, ", "));
  }
  for (const auto& m : file.models)
    if (m.is_default) return m;
  for (const auto& m : file.models)
    if (m.purpose == ModelPurpose::kText) return m;
  return fail(ErrorCode::kConfig, file.path.string() + ": no model with purpose \"text\" to chat with");
}

namespace {
constexpr std::string_view kReasoningEfforts[] = {"none", "minimal", "low", "medium", "high", "xhigh", "max"};
}  // namespace

bool is_reasoning_effort(std::string_view word) {
  return std::ranges::find(kReasoningEfforts, word) != std::end(kReasoningEfforts);
}

std::string reasoning_effort_words() {
  std::string out;
  for (size_t i = 0; i < std::size(kReasoningEfforts); ++i) {
    if (i > 0) out += i + 1 == std::size(kReasoningEfforts) ? " or " : ", ";
    out += kReasoningEfforts[i];
  }
  return out;
}

bool accepts_images(const ModelConfig& m) {
  return m.vision || m.purpose == ModelPurpose::kImageVideo;
}

std::optional<ModelConfig> vision_model(const ModelsFile& file) {
  for (const auto& m : file.models)
    if (m.purpose == ModelPurpose::kImageVideo) return m;
  return std::nullopt;
}

}  // namespace pair
