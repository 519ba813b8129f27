#include "app/first_run.h"

#include "local/gguf_model.h"
#include "local/llama_install.h"
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
  f.recommendation = recommend_coding_model(f.memory, gpu_backend);
  return f;
}

std::string first_run_instructions(const FirstRunFacts& f) {
  std::string models_json = (config_dir() / "models.json").string();
  std::string out =
      "no model is configured (no models.json) and nothing is listening on http://localhost:8004.\n"
      "Set one up with one of these commands, then run pair again:\n";
  if (f.recommendation) {
    const auto& r = *f.recommendation;
    out += "  pair model pull " + r.hf + " --add " + r.name + " --default\n" +
           "      download a coding model chosen for this machine (about " + format_bytes(r.approx_bytes) + "; " +
           format_gib(f.memory.ram_available) + " of RAM free" + (f.memory.has_gpu() ? ", GPU memory counted" : "") +
           ")\n";
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
  return out;
}

}  // namespace pair
