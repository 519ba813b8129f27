#include "local/memory_fit.h"

#include <algorithm>
#include <cstdio>

#include "local/ggml_types.h"
#include "util/byte_size.h"
#include "util/token_count.h"

namespace pair {
namespace {

constexpr uint64_t kGiB = 1024ull * 1024 * 1024;
constexpr uint64_t kMiB = 1024ull * 1024;
constexpr uint64_t kUbatch = 512;
constexpr uint64_t kMinContext = 4096;
constexpr uint64_t kDefaultContext = 32768;  // only when the file does not name its training context

uint64_t sat_sub(uint64_t a, uint64_t b) {
  return a > b ? a - b : 0;
}

uint64_t sat_add(uint64_t a, uint64_t b) {
  return a + b < a ? UINT64_MAX : a + b;
}

struct Costs {
  uint64_t runtime = 256 * kMiB;      // host-side buffers, the server itself
  uint64_t gpu_runtime = 512 * kMiB;  // CUDA context and pools, per GPU used
  uint64_t compute = 0;               // compute buffers (activations at one micro-batch)
};

Costs costs_of(const GgufModelInfo& m) {
  Costs c;
  c.compute = std::max<uint64_t>(m.embedding_length * kUbatch * 4 * 16, 64 * kMiB) + m.vocab_size * 4 * 4;
  return c;
}

/// Places the model with a given context; the core of plan_fit.
FitPlan place(const GgufModelInfo& m, uint64_t ctx, const FitRequest& rq, const MemoryReadings& mem) {
  FitPlan p;
  p.context = ctx;
  p.kv_bytes_per_token = kv_bytes_per_token(m, rq.cache_type_k, rq.cache_type_v);
  p.weights = m.tensor_bytes;
  p.cache = kv_cache_size(m, ctx, kv_options(rq));
  p.slots = std::max<uint64_t>(rq.slots, 1);
  p.kv_cache = p.cache.total();
  Costs c = costs_of(m);
  p.layers = static_cast<int>(std::min<uint64_t>(m.block_count, 1 << 20));
  p.unified = mem.unified();
  p.ram_budget = sat_sub(mem.ram_available, ram_margin(mem));

  const uint64_t L = static_cast<uint64_t>(p.layers);
  const uint64_t layer_weights = m.bytes_per_layer();
  const uint64_t layer_kv = L > 0 ? p.kv_cache / L : 0;
  const uint64_t embeddings = m.token_embedding_bytes;
  const uint64_t draft_kv = rq.draft ? kv_cache_size(*rq.draft, ctx, kv_options(rq)).total() : 0;
  const uint64_t draft = rq.draft ? rq.draft->tensor_bytes + draft_kv : 0;
  p.weights += rq.draft ? rq.draft->tensor_bytes : 0;
  p.kv_cache += draft_kv;
  const uint64_t other_outside = sat_sub(m.bytes_outside_layers, embeddings);

  size_t discrete = 0;
  for (const auto& g : mem.gpus)
    if (!g.unified) {
      ++discrete;
      p.vram_budget += sat_sub(g.free, kGiB);
    }
  bool use_gpus = rq.gpu_backend && discrete > 0 && !p.unified;
  if (!use_gpus) {
    p.gpu_layers = p.unified && rq.gpu_backend ? p.layers : 0;
    p.compute = c.runtime + c.compute + (p.unified && rq.gpu_backend ? c.gpu_runtime : 0);
    p.ram_needed = p.total();
    p.vram_budget = 0;
    p.verdict = p.ram_needed <= p.ram_budget ? FitVerdict::kFitsCpu : FitVerdict::kTooLarge;
    return p;
  }

  auto vram_for = [&](uint64_t n) -> uint64_t {
    if (n == 0) return 0;
    return n * (layer_weights + layer_kv) + (n >= L ? other_outside + draft : 0) + discrete * c.gpu_runtime + c.compute;
  };
  // A mixture of experts too large for the GPU keeps the experts of its first layers in RAM
  // (--n-cpu-moe N) and everything else on the GPU: only the few active experts run on the CPU.
  if (!rq.gpu_layers && rq.experts_in_ram && vram_for(L) > p.vram_budget && m.expert_bytes > 0) {
    const uint64_t all_gpu = vram_for(L);
    uint64_t in_ram = 0, k = 0;
    for (; k < m.expert_bytes_by_layer.size() && sat_sub(all_gpu, in_ram) > p.vram_budget; ++k)
      in_ram = sat_add(in_ram, m.expert_bytes_by_layer[k]);
    FitPlan e = p;
    e.gpu_layers = p.layers;
    e.cpu_moe_layers = static_cast<int>(k);
    e.expert_bytes_in_ram = in_ram;
    e.vram_needed = sat_sub(all_gpu, in_ram);
    e.ram_needed = sat_add(in_ram, embeddings + c.runtime + c.compute / 2);
    e.compute = c.runtime + c.compute + discrete * c.gpu_runtime;
    if (e.vram_needed <= e.vram_budget && e.ram_needed <= e.ram_budget) {
      e.verdict = FitVerdict::kFitsExpertsInRam;
      return e;
    }
  }
  uint64_t n = 0;
  if (rq.gpu_layers) {
    n = std::min<uint64_t>(static_cast<uint64_t>(std::max(*rq.gpu_layers, 0)), L);
  } else {
    n = L;
    while (n > 0 && vram_for(n) > p.vram_budget) --n;
  }
  p.gpu_layers = static_cast<int>(n);
  p.vram_needed = vram_for(n);
  p.ram_needed = (L - n) * (layer_weights + layer_kv) + embeddings + (n < L ? other_outside + draft : 0) + c.runtime +
                 (n < L ? c.compute / 2 : c.compute / 8);
  p.compute = c.runtime + c.compute + (n > 0 ? discrete * c.gpu_runtime : 0);
  // Rounding per layer may leave the parts a little off the whole; report the parts as placed.
  bool ok = p.ram_needed <= p.ram_budget && p.vram_needed <= p.vram_budget;
  if (!ok)
    p.verdict = FitVerdict::kTooLarge;
  else if (n == 0)
    p.verdict = FitVerdict::kFitsCpu;
  else
    p.verdict = n >= L ? FitVerdict::kFitsGpu : FitVerdict::kFitsPartial;
  return p;
}

/// Placements from best to worst, for "no worse than".
int rank(FitVerdict v) {
  switch (v) {
    case FitVerdict::kFitsGpu: return 0;
    case FitVerdict::kFitsExpertsInRam: return 1;
    case FitVerdict::kFitsPartial: return 2;
    case FitVerdict::kFitsCpu: return 3;
    case FitVerdict::kTooLarge: return 4;
  }
  return 4;
}

/// The largest context (a multiple of 1024, at most `limit`) that fits with a placement no worse than `worst`.
uint64_t largest_context(const GgufModelInfo& m, uint64_t limit, const FitRequest& rq, const MemoryReadings& mem,
                         FitVerdict worst = FitVerdict::kFitsCpu) {
  uint64_t lo = 0, hi = limit / 1024;  // in units of 1024 tokens
  while (lo < hi) {
    uint64_t mid = (lo + hi + 1) / 2;
    FitPlan at = place(m, mid * 1024, rq, mem);
    if (at.fits() && rank(at.verdict) <= rank(worst))
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo * 1024;
}

/// The request with the layers left to the plan.
FitRequest automatic_layers(FitRequest rq) {
  rq.gpu_layers.reset();
  return rq;
}

/// Why a default context was lowered although a larger one fits: the placement it keeps.
std::string kept_placement(FitVerdict v) {
  switch (v) {
    case FitVerdict::kFitsGpu: return "to keep the whole model on the GPU";
    case FitVerdict::kFitsExpertsInRam: return "to keep every layer on the GPU";
    case FitVerdict::kFitsPartial: return "to keep as many layers on the GPU";
    case FitVerdict::kFitsCpu:
    case FitVerdict::kTooLarge: break;
  }
  return "to fit in memory";
}

}  // namespace

uint64_t ram_margin(const MemoryReadings& m) {
  return std::max<uint64_t>(m.ram_total / 20, std::min<uint64_t>(kGiB, m.ram_total / 10));
}

KvCacheOptions kv_options(const FitRequest& rq) {
  KvCacheOptions o;
  o.cache_type_k = rq.cache_type_k;
  o.cache_type_v = rq.cache_type_v;
  o.slots = rq.slots;
  o.unified = rq.kv_unified;
  o.ubatch = rq.ubatch;
  o.swa_full = rq.swa_full;
  return o;
}

FitPlan plan_fit(const GgufModelInfo& m, const FitRequest& rq, const MemoryReadings& mem) {
  uint64_t train = m.context_length;
  uint64_t ctx = rq.context > 0 ? rq.context : (train > 0 ? train : kDefaultContext);
  FitPlan p = place(m, ctx, rq, mem);
  // Never offer more than the model was trained on: past it answers degrade, whatever memory allows.
  p.max_context = largest_context(m, train > 0 ? train : ctx, rq, mem);
  if (train > 0 && ctx > train) {
    std::string fits = p.max_context >= std::min(train, kMinContext)
                           ? "; " + format_tokens(p.max_context) + " tokens fit (--ctx " +
                                 std::to_string(p.max_context) + ", or \"ctx\": " + std::to_string(p.max_context) +
                                 " in models.json)"
                           : "";
    p.suggestions.push_back("a context within the trained window: " + format_tokens(ctx) +
                            " tokens were asked for, but the model was trained on " + format_tokens(train) + fits);
  }
  if (p.fits()) return p;
  // Beyond the window, and the window itself fits: that is the whole answer (no cache or quant advice).
  if (train > 0 && ctx > train && p.max_context == train) return p;

  if (p.max_context >= kMinContext && !(train > 0 && ctx > train))
    p.suggestions.push_back("a smaller context: " + format_tokens(p.max_context) + " tokens fit (--ctx " +
                            std::to_string(p.max_context) + ", or \"ctx\": " + std::to_string(p.max_context) +
                            " in models.json)");
  if (rq.gpu_layers && p.vram_needed > p.vram_budget) {
    FitPlan automatic = place(m, ctx, automatic_layers(rq), mem);
    if (automatic.verdict == FitVerdict::kFitsExpertsInRam)
      p.suggestions.push_back("no \"gpu_layers\": every layer fits on the GPU with the experts of " +
                              std::to_string(automatic.cpu_moe_layers) + " layers in RAM (--n-cpu-moe " +
                              std::to_string(automatic.cpu_moe_layers) + ")");
    else
      p.suggestions.push_back("fewer GPU layers: \"gpu_layers\" " + std::to_string(automatic.gpu_layers) +
                              " (or leave it out and pair places the layers)");
  }
  if (p.kv_cache > p.weights / 4 && rq.cache_type_k == "f16")
    p.suggestions.push_back(
        "a quantized KV cache, half the size: \"server_args\": [\"-ctk\", \"q8_0\", \"-ctv\", \"q8_0\"]");
  // A smaller quantization only when the weights themselves are the problem: when they fit with a
  // small context, a smaller context (above) is the answer, not a worse model.
  bool weights_fit = place(m, std::min(ctx, kMinContext), rq, mem).fits();
  if (m.parameters > 0 && !weights_fit) {
    double current_bpw = static_cast<double>(m.tensor_bytes) * 8 / static_cast<double>(m.parameters);
    const char* ladder[] = {"Q6_K", "Q5_K_M", "Q4_K_M", "Q3_K_M", "IQ3_XXS", "Q2_K", "IQ2_M"};
    bool found = false;
    for (const char* q : ladder) {
      double bpw = *quant_bits_per_weight(q);
      if (bpw >= current_bpw - 0.1) continue;
      GgufModelInfo smaller = m;
      double scale = bpw / current_bpw;
      smaller.tensor_bytes = static_cast<uint64_t>(static_cast<double>(m.tensor_bytes) * scale);
      smaller.bytes_outside_layers = static_cast<uint64_t>(static_cast<double>(m.bytes_outside_layers) * scale);
      smaller.token_embedding_bytes = static_cast<uint64_t>(static_cast<double>(m.token_embedding_bytes) * scale);
      uint64_t try_ctx = std::min<uint64_t>(ctx, 8192);
      if (place(smaller, try_ctx, rq, mem).fits()) {
        p.suggestions.push_back(std::string("a smaller quantization: ") + q + " would be about " +
                                format_bytes(smaller.tensor_bytes) + " (pair model quantize IN.gguf OUT.gguf " + q +
                                ", or pull the " + q + " file of the model)");
        found = true;
        break;
      }
    }
    if (!found && p.max_context < kMinContext)
      p.suggestions.push_back("a smaller model: even at 2.7 bits per weight this one needs more memory than is free");
  }
  bool idle_gpu = false;
  for (const auto& g : mem.gpus) idle_gpu = idle_gpu || !g.unified;
  if (idle_gpu && !rq.gpu_backend)
    p.suggestions.push_back(
        "use the GPU: this llama.cpp is a CPU build; install the CUDA toolkit (nvcc) and run pair setup "
        "llama.cpp again");
  return p;
}

uint64_t choose_context(const GgufModelInfo& m, uint64_t wanted, const FitRequest& rq, const MemoryReadings& mem,
                        std::string* note) {
  uint64_t train = m.context_length;
  uint64_t ctx = wanted > 0 ? wanted : train > 0 ? train : kDefaultContext;
  FitRequest r = rq;
  r.context = ctx;
  FitPlan at = place(m, ctx, r, mem);
  // Without a wish, a long context must not push the model off the GPU: the placement a small
  // context gets is kept (a slower model for a window rarely filled is not what anyone asked for).
  FitVerdict keep = wanted > 0 ? FitVerdict::kFitsCpu : place(m, std::min(ctx, kMinContext), r, mem).verdict;
  if (keep == FitVerdict::kTooLarge) keep = FitVerdict::kFitsCpu;
  if (at.fits() && rank(at.verdict) <= rank(keep)) return ctx;
  uint64_t best = largest_context(m, ctx, r, mem, keep);
  if (best < kMinContext) return ctx;  // the weights are the problem: plan_fit refuses and says why
  if (note)
    *note = "context lowered from " + format_tokens(ctx) + " to " + format_tokens(best) + " tokens " +
            kept_placement(keep) + " (KV cache " + format_gib(kv_cache_size(m, best, kv_options(rq)).total()) + ")";
  return best;
}

std::string fit_shortfall(const FitPlan& p) {
  std::string s = "needs about " + format_gib(p.total()) + " (weights " + format_gib(p.weights) + " + KV cache " +
                  format_gib(p.kv_cache) + " for " + format_tokens(p.context) + " tokens + compute " +
                  format_gib(p.compute) + ")";
  if (p.vram_budget > 0)
    s += " but only " + format_gib(p.vram_budget) + " of GPU memory and " + format_gib(p.ram_budget) +
         " of RAM can be used";
  else
    s += " but only " + format_gib(p.ram_budget) + " of RAM can be used";
  return s;
}

std::string format_fit_report(const GgufModelInfo& m, const FitPlan& p, const MemoryReadings& mem) {
  std::string out;
  auto row = [&](const char* label, const std::string& value) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%-11s", label);
    out += buf + value + "\n";
  };
  std::string what = m.name.empty() ? m.parts.empty() ? "model" : m.parts.front().filename().string() : m.name;
  what += " (" + (m.architecture.empty() ? std::string("unknown architecture") : m.architecture) + ", " +
          format_parameters(m.parameters) + " parameters" + (m.file_type.empty() ? "" : ", " + m.file_type) + ")";
  row("model", what);
  row("context", format_tokens(p.context) + " tokens" +
                     (m.context_length > 0 ? " (trained on " + format_tokens(m.context_length) + ")" : "") +
                     "; KV cache " + format_bytes(p.kv_bytes_per_token) + " per token");
  row("weights", format_gib(p.weights));
  uint64_t draft_kv = p.kv_cache > p.cache.total() ? p.kv_cache - p.cache.total() : 0;
  row("KV cache", format_gib(p.kv_cache) + ": " + format_kv_cache(p.cache, p.slots) +
                      (draft_kv > 0 ? ", draft model " + format_gib(draft_kv) : ""));
  row("compute", format_gib(p.compute) + " (buffers and runtime)");
  row("total", format_gib(p.total()));
  std::string avail = "RAM " + format_gib(mem.ram_available) + " free of " + format_gib(mem.ram_total) + " (keeping " +
                      format_gib(ram_margin(mem)) + " free)";
  for (const auto& g : mem.gpus)
    avail += g.unified ? "; GPU " + g.name + " shares RAM"
                       : "; GPU " + std::to_string(g.index) + " " + g.name + ": " + format_gib(g.free) + " free of " +
                             format_gib(g.total);
  if (mem.gpus.empty()) avail += "; no GPU";
  row("available", avail);
  switch (p.verdict) {
    case FitVerdict::kFitsGpu:
      row("verdict", "fits: all " + std::to_string(p.layers) + " layers on the GPU (" + format_gib(p.vram_needed) +
                         " of " + format_gib(p.vram_budget) + ")");
      break;
    case FitVerdict::kFitsExpertsInRam:
      row("verdict", "fits with the experts of " + std::to_string(p.cpu_moe_layers) + " of " +
                         std::to_string(p.layers) + " layers in RAM (" + format_gib(p.expert_bytes_in_ram) +
                         ", --n-cpu-moe " + std::to_string(p.cpu_moe_layers) + "), everything else on the GPU (" +
                         format_gib(p.vram_needed) + " of " + format_gib(p.vram_budget) + ")");
      break;
    case FitVerdict::kFitsPartial:
      row("verdict", "fits with partial offload: " + std::to_string(p.gpu_layers) + " of " + std::to_string(p.layers) +
                         " layers on the GPU (" + format_gib(p.vram_needed) + "), the rest in RAM (" +
                         format_gib(p.ram_needed) + "); slower than all on the GPU");
      break;
    case FitVerdict::kFitsCpu:
      row("verdict", std::string(p.unified ? "fits in unified memory: " : "fits in RAM (CPU): ") +
                         format_gib(p.ram_needed) + " of " + format_gib(p.ram_budget));
      break;
    case FitVerdict::kTooLarge: row("verdict", "does NOT fit: " + fit_shortfall(p)); break;
  }
  if (p.fits() && p.max_context > p.context)
    row("headroom", "up to " + format_tokens(p.max_context) + " tokens of context would fit");
  for (const auto& s : p.suggestions) row("suggestion", s);
  return out;
}

}  // namespace pair
