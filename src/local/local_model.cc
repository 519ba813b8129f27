#include "local/local_model.h"

#include <cstdlib>

#include "local/llama_install.h"
#include "local/memory_probe.h"
#include "util/subprocess.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

/// A GGUF file that must exist, or a Hugging Face model found in the models
/// directory or pulled into it (when allowed). `what` names it in errors.
Result<std::string> resolve_gguf_or_hf(const std::string& what, std::string_view field, const std::string& gguf,
                                       const std::string& hf, const std::filesystem::path& source,
                                       const LocalModelOptions& o, std::stop_token stop) {
  if (!gguf.empty()) {
    std::error_code ec;
    if (!fs::exists(gguf, ec))
      return fail(ErrorCode::kNotFound,
                  what + ": no file " + gguf +
                      (source.empty() ? "" : " (\"" + std::string(field) + "\" in " + source.string() + ")"));
    return gguf;
  }
  auto ref = parse_hf_ref(hf);
  if (!ref) return std::unexpected(Error(ErrorCode::kConfig, what + ": " + ref.error().message));
  if (auto pulled = find_pulled(*ref)) return pulled->files.front().string();
  if (!o.allow_pull)
    return fail(ErrorCode::kNotFound, what + " (" + hf + ") has not been downloaded; run: pair model pull " + hf);
  PullOptions po;
  po.on_progress = o.on_pull;
  auto pulled = pull_model(*ref, po, stop);
  if (!pulled) return std::unexpected(pulled.error());
  return pulled->files.front().string();
}

}  // namespace

Result<std::string> resolve_model_path(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop) {
  if (m.server == ServerKind::kVllm) return m.hf.empty() ? m.gguf : m.hf;  // vLLM fetches and caches models itself
  return resolve_gguf_or_hf("model \"" + m.name + "\"", "gguf", m.gguf, m.hf, m.source, o, stop);
}

Result<std::string> resolve_draft_path(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop) {
  const SpeculativeConfig& s = m.speculative;
  if (m.server == ServerKind::kVllm || s.mode != SpeculativeMode::kDraft) return std::string();
  return resolve_gguf_or_hf("the draft model of \"" + m.name + "\"", "speculative.draft", s.draft_gguf, s.draft_hf,
                            m.source, o, stop);
}

Result<EnsureResult> ensure_model_server(const ModelConfig& m, const LocalModelOptions& o, std::stop_token stop,
                                         ServerPlanDetails* details) {
  if (!m.is_managed())
    return fail(ErrorCode::kInvalidArgument, "model \"" + m.name + "\" is a server URL (" + m.url +
                                                 "), not a local model pair runs; give it \"gguf\" or \"hf\"");
  auto path = resolve_model_path(m, o, stop);
  if (!path) return std::unexpected(path.error());
  // Pulled before the server starts, like the model itself: llama-server would otherwise download it
  // unverified, outside the models directory.
  auto draft = resolve_draft_path(m, o, stop);
  if (!draft) return std::unexpected(draft.error());
  auto spec = managed_spec(m, *path);
  if (!spec) return std::unexpected(spec.error());
  auto planner = [&]() -> Result<StartPlan> {
    ServerPlanOptions po;
    po.force = o.force;
    po.context = o.context;
    po.draft = *draft;
    if (m.server == ServerKind::kVllm) {
      const char* env = std::getenv("PAIR_VLLM");
      std::string vllm = find_executable(env && *env ? env : "vllm");
      if (vllm.empty())
        return fail(ErrorCode::kNotFound, "model \"" + m.name +
                                              "\" is served by vLLM, which is not installed "
                                              "(pip install vllm; it needs an NVIDIA GPU), or serve a GGUF with "
                                              "\"server\": \"llama.cpp\"");
      po.vllm = vllm;
      return plan_start(m, *spec, po, details);
    }
    po.memory = probe_memory();
    auto llama = find_llama_install(po.memory.has_gpu());
    if (!llama) return std::unexpected(llama.error());
    po.llama = *llama;
    po.amx = this_cpu_has_amx();
    return plan_start(m, *spec, po, details);
  };
  EnsureOptions eo;
  eo.on_progress = o.on_progress;
  eo.timeout = o.timeout;
  return ensure_server(*spec, planner, eo, stop);
}

std::optional<ServerRecord> model_server_record(const ModelConfig& m) {
  auto endpoint = managed_endpoint(m);
  if (!endpoint) return std::nullopt;
  return read_server_record(endpoint->second);
}

}  // namespace pair
