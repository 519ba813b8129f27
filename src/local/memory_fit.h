#pragma once
/// Will this model fit? An estimate of what llama-server will need (weights,
/// KV cache at the chosen context and cache type, compute buffers, runtime)
/// placed on the GPUs and in RAM, against what the machine has free. Used to
/// refuse, with numbers and a suggestion, a model that would push the machine
/// into swap (a 149 GB model on a 128 GB machine hangs it while loading), to
/// bound the context by memory, and by `pair model fit`.
///
/// The KV cache is sized per kind of layer as llama-server allocates it
/// (local/kv_cache_size.h: full attention for the context, sliding-window
/// layers for their window, recurrent layers a fixed state). A mixture of
/// experts that does not fit in GPU memory keeps the experts of its first
/// layers in RAM (llama-server `--n-cpu-moe N`) before whole layers leave the
/// GPU. Otherwise the estimate is a little pessimistic (no credit for mmap
/// sharing); llama-server's own `--fit` then places layers within it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "local/gguf_model.h"
#include "local/kv_cache_size.h"
#include "local/memory_probe.h"

namespace pair {

struct FitRequest {
  uint64_t context = 0;  ///< tokens; 0: the model's training context
  std::string cache_type_k = "f16";
  std::string cache_type_v = "f16";
  std::optional<int> gpu_layers;  ///< forced layer count; unset: all that fit
  bool gpu_backend = true;        ///< llama.cpp was built for the GPU (else GPUs are ignored)
  /// A draft model served beside it (speculative decoding): its weights and
  /// its own KV cache at the same context count too, on the GPU when every
  /// layer of the main model is there, else in RAM.
  std::optional<GgufModelInfo> draft;
  uint64_t slots = 4;          ///< llama-server's -np (default: 4 slots sharing one cache)
  bool kv_unified = true;      ///< the slots share one cache (-np auto, or -kvu)
  uint64_t ubatch = 512;       ///< -ub
  bool swa_full = false;       ///< --swa-full
  bool experts_in_ram = true;  ///< may keep MoE experts in RAM (--n-cpu-moe); off when server_args place tensors
};

/// The cache settings of a request.
KvCacheOptions kv_options(const FitRequest& request);

enum class FitVerdict {
  kFitsGpu,           ///< everything on the GPU(s)
  kFitsExpertsInRam,  ///< every layer on the GPU(s) but the experts of the first cpu_moe_layers in RAM
  kFitsPartial,       ///< some layers on the GPU(s), the rest on the CPU
  kFitsCpu,           ///< CPU and RAM only (or one unified pool)
  kTooLarge,          ///< would not fit: refuse unless forced
};

struct FitPlan {
  uint64_t context = 0;
  uint64_t kv_bytes_per_token = 0;
  uint64_t weights = 0;   ///< the draft model's included
  uint64_t kv_cache = 0;  ///< the draft model's included
  uint64_t compute = 0;   ///< compute buffers and runtime (CUDA context, ...)
  KvCacheSize cache;      ///< the main model's cache by kind of layer (kv_cache less the draft's)
  uint64_t slots = 4;     ///< the server's slots (the recurrent state is per slot)
  uint64_t total() const { return weights + kv_cache + compute; }

  int layers = 0;      ///< repeating layers of the model
  int gpu_layers = 0;  ///< of which on the GPU(s)
  /// kFitsExpertsInRam: llama-server's `--n-cpu-moe`: the experts of layers
  /// 0..N-1 stay in RAM (expert_bytes_in_ram), all else is on the GPU(s).
  int cpu_moe_layers = 0;
  uint64_t expert_bytes_in_ram = 0;
  uint64_t vram_needed = 0, vram_budget = 0;
  uint64_t ram_needed = 0, ram_budget = 0;
  bool unified = false;
  FitVerdict verdict = FitVerdict::kTooLarge;
  /// The largest context (a multiple of 1024, at most the training context)
  /// that fits with this placement; 0 when not even the weights fit.
  uint64_t max_context = 0;
  std::vector<std::string> suggestions;  ///< what to do when it does not fit (or asks beyond the trained window)

  bool fits() const { return verdict != FitVerdict::kTooLarge; }
};

/// Safety margins kept free: 1 GiB per GPU (as llama.cpp's --fit), and of
/// RAM 5%, at least min(1 GiB, 10%).
uint64_t ram_margin(const MemoryReadings& m);

FitPlan plan_fit(const GgufModelInfo& model, const FitRequest& request, const MemoryReadings& memory);

/// The context to serve with. `wanted` > 0: that, lowered to what fits. 0:
/// the model's training context (32768 when the file does not say), lowered
/// to the most that keeps the placement a small context gets (a model that
/// fits on the GPU stays there rather than trading layers for context).
/// Never lowered below 4096; `*note` says when and why it was lowered.
uint64_t choose_context(const GgufModelInfo& model, uint64_t wanted, const FitRequest& request,
                        const MemoryReadings& memory, std::string* note);

/// A multi-line report for `pair model fit` and for refusals: the estimate,
/// what is free, the verdict and suggestions.
std::string format_fit_report(const GgufModelInfo& model, const FitPlan& plan, const MemoryReadings& memory);

/// One line for errors: "needs 21 GiB (weights 17 GiB + KV cache 3.0 GiB + ...) but only 12 GiB is free".
std::string fit_shortfall(const FitPlan& plan);

}  // namespace pair
