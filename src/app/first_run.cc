#include "app/first_run.h"

#include "http/http_client.h"
#include "local/gguf_model.h"
#include "local/hub_api.h"
#include "local/llama_install.h"
#include "local/llama_setup.h"
#include "local/memory_fit.h"
#include "local/process_info.h"
#include "util/byte_size.h"
#include "util/paths.h"

namespace pair {

bool nothing_configured(const ModelsFile& models, std::string_view model_name) {
  if (!models.path.empty() || !model_name.empty()) return false;
  return !port_listening("127.0.0.1", 8004, std::chrono::milliseconds(300));
}

FirstRunFacts first_run_facts() {
  FirstRunFacts f;
  f.memory = probe_memory();
  bool gpu_backend = false;
  if (f.memory.has_gpu())
    if (auto llama = find_llama_install(true)) gpu_backend = llama->backend != "cpu";
  LoadedCatalog catalog = load_model_catalog(this_executable(), config_dir() / "models-catalog.json");
  f.catalog_warnings = catalog.warnings;
  f.catalog_from = catalog.installed.empty() ? "the catalog built into pair" : catalog.installed.string();
  if (!catalog.user.empty()) f.catalog_from += ", with " + catalog.user.string();
  HttpClient http;
  bool hub_reachable = !hub_offline();
  HubSizeLookup hub_size = [&](const std::string& hf) -> std::optional<uint64_t> {
    auto ref = parse_hf_ref(hf);
    if (!hub_reachable || !ref) return std::nullopt;
    auto bytes = hub_quant_bytes(http, *ref);
    // Offline, every lookup would wait for its timeout: one failure to connect is enough.
    if (!bytes && (bytes.error().code == ErrorCode::kConnection || bytes.error().code == ErrorCode::kTimeout))
      hub_reachable = false;
    if (!bytes) return std::nullopt;
    return *bytes;
  };
  f.recommendation = recommend_coding_model(catalog.models, f.memory, gpu_backend, hub_size);
  return f;
}

std::string reasons_text(const ModelChoice& model, const std::string& indent) {
  std::string out;
  for (const auto& line : recommendation_reasons(model)) out += indent + line + "\n";
  return out;
}

std::string download_size_text(const ModelChoice& model) {
  return model.bytes_from_hub ? format_bytes(model.approx_bytes) + " (from the Hub)"
                              : "about " + format_bytes(model.approx_bytes);
}

std::string first_run_instructions(const FirstRunFacts& f) {
  std::string models_json = (config_dir() / "models.json").string();
  std::string out =
      "no model is configured (no models.json) and nothing is listening on http://localhost:8004.\n"
      "Set one up with one of these commands, then run pair again:\n";
  if (f.recommendation) {
    const auto& r = f.recommendation->model;
    out += "  pair model pull " + r.hf + " --add " + r.name + " --default\n" + "      download " + r.label +
           ", a coding model chosen for this machine (" + download_size_text(r) + "; " +
           format_gib(f.memory.ram_available) + " of RAM free" + (f.memory.has_gpu() ? ", GPU memory counted" : "") +
           ")\n" + reasons_text(r, "      ");
    if (const auto& s = f.recommendation->smaller)
      out += "  pair model pull " + s->hf + " --add " + s->name + " --default\n" + "      or the next smaller, " +
             s->label + " (" + download_size_text(*s) + ")\n" + reasons_text(*s, "      ");
  } else {
    out += "  (this machine has too little free memory (" + format_gib(f.memory.ram_available) +
           ") for the smallest recommended local model; use a server elsewhere or a cloud model)\n";
  }
  out +=
      "  pair model add local --gguf /path/to/model.gguf --default\n"
      "      a GGUF file you already have (pair starts llama-server for it)\n"
      "  pair model add local --url http://HOST:PORT/v1 --default\n"
      "      an OpenAI-compatible server that is already running (llama-server, vLLM, Ollama, LM Studio)\n"
      "  pair model add gpt --url https://api.openai.com/v1 --model-id gpt-5 --api-key-env OPENAI_API_KEY "
      "--default\n"
      "      a cloud model\n"
      "These write " +
      models_json + ". Or start a server on port 8004 yourself.";
  for (const auto& w : f.catalog_warnings) out += "\nnote: " + w;
  return out;
}

}  // namespace pair
