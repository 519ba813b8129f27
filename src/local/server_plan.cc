#include "local/server_plan.h"

#include <cstdlib>

#include "local/server_command.h"
#include "local/server_state.h"
#include "local/speculative_flags.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMiB = 1024ull * 1024;

std::optional<uint64_t> positive(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  char* end = nullptr;
  unsigned long long v = std::strtoull(s->c_str(), &end, 10);
  if (!end || *end || v == 0) return std::nullopt;
  return v;
}

/// `speculative` in a record's settings, so a change to it is noticed like one to ctx.
std::string speculative_setting(const SpeculativeConfig& s) {
  switch (s.mode) {
    case SpeculativeMode::kDefault: return "default";
    case SpeculativeMode::kOff: return "off";
    case SpeculativeMode::kNgram: return "ngram";
    case SpeculativeMode::kDraft:
      return "draft:" + (s.draft_hf.empty() ? s.draft_gguf : s.draft_hf) +
             (s.n_max ? ",n_max=" + std::to_string(*s.n_max) : "") +
             (s.p_min ? ",p_min=" + std::to_string(*s.p_min) : "");
  }
  return "default";
}

/// What server_args change about the cache and the placement the fit models.
void apply_cache_flags(const std::vector<std::string>& args, FitRequest& rq) {
  // -np N gives each slot its own cache unless -kvu asks for one shared; -np auto (-1) is 4 sharing one.
  if (auto np = flag_value(args, {"-np", "--parallel"}); np && std::atoi(np->c_str()) > 0) {
    rq.slots = static_cast<uint64_t>(std::atoi(np->c_str()));
    rq.kv_unified = has_flag(args, {"-kvu", "--kv-unified"});
  }
  if (auto ub = positive(flag_value(args, {"-ub", "--ubatch-size"}))) rq.ubatch = *ub;
  rq.swa_full = has_flag(args, {"--swa-full"});
  // The user's own tensor placement: ours would not be used, so the plan must not count on it.
  rq.experts_in_ram = !has_flag(args, {"-ot", "--override-tensor", "-cmoe", "--cpu-moe", "-ncmoe", "--n-cpu-moe"});
}

}  // namespace

Result<std::pair<std::string, int>> managed_endpoint(const ModelConfig& m) {
  auto url = parse_url(m.base_url.empty() ? m.url : m.base_url);
  if (!url) return std::unexpected(url.error());
  if (url->host != "localhost" && url->host != "127.0.0.1" && url->host != "::1")
    return fail(ErrorCode::kConfig, "model \"" + m.name +
                                        "\" names a local model (\"gguf\"/\"hf\") but its url points at " + url->host +
                                        "; pair starts local models on this machine: use " +
                                        "\"url\": \"http://localhost:" + std::to_string(url->port) + "/v1\"");
  return std::make_pair(std::string(url->host == "::1" ? "::1" : "127.0.0.1"), url->port);
}

Result<ManagedServerSpec> managed_spec(const ModelConfig& m, const std::string& model_path) {
  auto endpoint = managed_endpoint(m);
  if (!endpoint) return std::unexpected(endpoint.error());
  ManagedServerSpec spec;
  spec.kind = m.server == ServerKind::kVllm ? "vllm" : "llama.cpp";
  spec.name = m.name;
  spec.alias = m.model_id;
  spec.host = endpoint->first;
  spec.port = endpoint->second;
  std::error_code ec;
  spec.model = model_path;
  if (m.server == ServerKind::kLlamaCpp) {
    fs::path canonical = fs::weakly_canonical(model_path, ec);
    if (!ec) spec.model = canonical.string();
  }
  spec.settings = "ctx=" + (m.ctx ? std::to_string(*m.ctx) : std::string("auto")) +
                  " gpu_layers=" + (m.gpu_layers ? std::to_string(*m.gpu_layers) : std::string("auto")) +
                  " server_args=" + shell_join(m.server_args) + " speculative=" + speculative_setting(m.speculative);
  return spec;
}

Result<StartPlan> plan_start(const ModelConfig& m, const ManagedServerSpec& spec, const ServerPlanOptions& o,
                             ServerPlanDetails* details) {
  StartPlan plan;
  std::optional<uint64_t> ctx = o.context;
  if (!ctx && m.ctx) ctx = static_cast<uint64_t>(*m.ctx);

  if (m.server == ServerKind::kVllm) {
    VllmCommand c;
    c.binary = o.vllm;
    c.model = spec.model;
    c.alias = spec.alias;
    c.host = spec.host;
    c.port = spec.port;
    c.context = ctx.value_or(0);
    c.speculation = vllm_speculation(m.speculative);
    c.extra = m.server_args;
    plan.context = c.context;
    plan.argv = vllm_argv(c);
    return plan;
  }

  if (!o.llama) return fail(ErrorCode::kNotFound, "llama.cpp is not installed; run pair setup llama.cpp");
  auto info = read_gguf_model(spec.model);
  if (!info) return std::unexpected(info.error());
  plan.model_bytes = info->tensor_bytes;

  if (!ctx) ctx = positive(flag_value(m.server_args, {"-c", "--ctx-size"}));
  FitRequest rq;
  rq.cache_type_k = flag_value(m.server_args, {"-ctk", "--cache-type-k"}).value_or("f16");
  rq.cache_type_v = flag_value(m.server_args, {"-ctv", "--cache-type-v"}).value_or("f16");
  if (auto ngl = flag_value(m.server_args, {"-ngl", "--gpu-layers", "--n-gpu-layers"}); ngl && *ngl != "auto") {
    rq.gpu_layers = *ngl == "all" ? 1 << 20 : std::atoi(ngl->c_str());
  } else if (m.gpu_layers) {
    rq.gpu_layers = *m.gpu_layers;
  }
  rq.gpu_backend = o.llama->backend != "cpu";
  apply_cache_flags(m.server_args, rq);
  if (!o.draft.empty()) {
    auto draft = read_gguf_model(o.draft);
    if (!draft)
      return fail(draft.error().code,
                  "model \"" + m.name + "\": the draft model (\"speculative\"): " + draft.error().message);
    rq.draft = *draft;
  }
  std::string lowered;
  uint64_t context = o.force && ctx ? *ctx : choose_context(*info, ctx.value_or(0), rq, o.memory, &lowered);
  if (!lowered.empty()) plan.notes.push_back(lowered);
  rq.context = context;
  FitPlan fit = plan_fit(*info, rq, o.memory);
  if (details) {
    details->model = *info;
    details->fit = fit;
  }
  if (!fit.fits()) {
    if (!o.force)
      return fail(ErrorCode::kConfig, "model \"" + m.name + "\" does not fit in this machine's memory: it " +
                                          fit_shortfall(fit) + ".\n" + format_fit_report(*info, fit, o.memory) +
                                          "Starting it anyway could make the machine swap until it hangs; to try "
                                          "regardless, run again with --force.");
    plan.notes.push_back("starting \"" + m.name + "\" although it does not fit (--force): " + fit_shortfall(fit));
  }
  plan.context = context;

  LlamaServerCommand c;
  c.binary = o.llama->server;
  c.model = spec.model;
  c.alias = spec.alias;
  c.host = spec.host;
  c.port = spec.port;
  c.context = context;
  c.gpu_layers = m.gpu_layers;
  if (fit.verdict == FitVerdict::kFitsExpertsInRam) c.cpu_moe_layers = fit.cpu_moe_layers;
  c.no_repack = o.amx;
  c.slot_save_path = slot_save_dir();
  // llama-server keeps up to 8 GiB of prompts in RAM by default; keep that within what is left.
  c.cache_ram_mib =
      fit.ram_budget > fit.ram_needed ? std::min<uint64_t>(8192, (fit.ram_budget - fit.ram_needed) / 2 / kMiB) : 0;
  apply_speculative(m.speculative, o.draft, c);
  c.extra = m.server_args;
  plan.argv = llama_server_argv(c);
  return plan;
}

}  // namespace pair
