#include "local/memory_fit.h"

#include <gtest/gtest.h>

#include "local/model_shapes_testing.h"
#include "util/token_count.h"

namespace pair {
namespace {

constexpr uint64_t kGiB = 1024ull * 1024 * 1024;

/// An 8B-shaped model (Qwen3-8B-like: 36 layers, 8 KV heads of 128) at about 4.9 GB.
GgufModelInfo model_8b(uint64_t bytes = 4'900'000'000ull) {
  GgufModelInfo m;
  m.name = "test-8b";
  m.architecture = "qwen3";
  m.parameters = 8'190'000'000ull;
  m.tensor_bytes = bytes;
  m.file_bytes = bytes;
  m.block_count = 36;
  m.head_count = 32;
  m.head_count_kv.assign(36, 8);
  m.key_length = m.value_length = 128;
  m.embedding_length = 4096;
  m.vocab_size = 151936;
  m.context_length = 40960;
  m.token_embedding_bytes = bytes / 14;
  m.bytes_outside_layers = bytes / 7;
  return m;
}

MemoryReadings ram(uint64_t total_gib, uint64_t free_gib) {
  MemoryReadings r;
  r.ram_total = total_gib * kGiB;
  r.ram_available = free_gib * kGiB;
  return r;
}

MemoryReadings with_gpu(MemoryReadings r, uint64_t total_gib, uint64_t free_gib) {
  GpuMemory g;
  g.name = "Test GPU";
  g.total = total_gib * kGiB;
  g.free = free_gib * kGiB;
  r.gpus.push_back(g);
  return r;
}

TEST(MemoryFit, KvCachePerTokenFollowsTheShape) {
  GgufModelInfo m = model_8b();
  // 36 layers x 8 heads x (128 + 128) x 2 bytes = 147456 bytes per token.
  EXPECT_EQ(kv_bytes_per_token(m, "f16", "f16"), 147456u);
  EXPECT_EQ(kv_bytes_per_token(m, "q8_0", "q8_0"), 147456u * 34 / 64);
  m.head_count_kv = {8, 0, 8, 0};  // hybrid: layers without attention cache nothing
  m.block_count = 4;
  EXPECT_EQ(kv_bytes_per_token(m, "f16", "f16"), 2u * 8 * 256 * 2);
  GgufModelInfo mla = model_8b();
  mla.kv_lora_rank = 512;
  mla.rope_dimensions = 64;
  EXPECT_EQ(kv_bytes_per_token(mla, "f16", "f16"), 36u * 576 * 2);
}

TEST(MemoryFit, AbsurdHeaderSizesSaturateInsteadOfOverflowing) {
  GgufModelInfo m = model_8b();
  m.head_count_kv.assign(36, uint64_t{1} << 40);
  m.key_length = m.value_length = uint64_t{1} << 40;
  EXPECT_EQ(kv_bytes_per_token(m, "f16", "f16"), uint64_t{1} << 60);
}

TEST(MemoryFit, FitsInRamOnACpuMachine) {
  FitRequest rq;
  rq.context = 32768;
  FitPlan p = plan_fit(model_8b(), rq, ram(32, 24));
  EXPECT_EQ(p.verdict, FitVerdict::kFitsCpu);
  EXPECT_EQ(p.kv_cache, 147456ull * 32768);
  EXPECT_EQ(p.gpu_layers, 0);
  EXPECT_GT(p.max_context, 32768u);
  EXPECT_TRUE(p.suggestions.empty());
}

TEST(MemoryFit, RefusesWithNumbersAndSuggestions) {
  // The 149 GB model on a 128 GB machine: refuse instead of swapping until the machine hangs.
  GgufModelInfo big = model_8b(149'000'000'000ull);
  big.parameters = 235'000'000'000ull;
  FitRequest rq;
  rq.context = 32768;
  MemoryReadings m = ram(128, 120);
  FitPlan p = plan_fit(big, rq, m);
  EXPECT_EQ(p.verdict, FitVerdict::kTooLarge);
  EXPECT_EQ(p.max_context, 0u);
  std::string report = format_fit_report(big, p, m);
  EXPECT_NE(report.find("does NOT fit"), std::string::npos) << report;
  EXPECT_NE(report.find("139 GiB"), std::string::npos) << report;  // the weights, in GiB
  ASSERT_FALSE(p.suggestions.empty());
  EXPECT_NE(p.suggestions.front().find("smaller quantization: Q3_K_M"), std::string::npos) << p.suggestions.front();
  EXPECT_NE(fit_shortfall(p).find("only 114 GiB of RAM can be used"), std::string::npos) << fit_shortfall(p);
}

TEST(MemoryFit, TooLongAContextSuggestsOneThatFits) {
  GgufModelInfo model = model_8b();
  model.context_length = 131072;  // trained on it: only memory limits the context
  FitRequest rq;
  rq.context = 131072;  // 18 GiB of KV cache
  MemoryReadings m = ram(16, 12);
  FitPlan p = plan_fit(model, rq, m);
  EXPECT_EQ(p.verdict, FitVerdict::kTooLarge);
  ASSERT_GE(p.max_context, 4096u);
  EXPECT_EQ(p.max_context % 1024, 0u);
  EXPECT_NE(p.suggestions.front().find("a smaller context: " + format_tokens(p.max_context) + " tokens fit (--ctx " +
                                       std::to_string(p.max_context)),
            std::string::npos)
      << p.suggestions.front();
  // The weights fit: a smaller quantization is not the answer.
  for (const auto& s : p.suggestions) EXPECT_EQ(s.find("quantization"), std::string::npos) << s;
  FitRequest smaller = rq;
  smaller.context = p.max_context;
  EXPECT_TRUE(plan_fit(model, smaller, m).fits());
  smaller.context = p.max_context + 1024;
  EXPECT_FALSE(plan_fit(model, smaller, m).fits());
  // choose_context lowers it on its own and says so.
  std::string note;
  EXPECT_EQ(choose_context(model, 131072, rq, m, &note), p.max_context);
  EXPECT_NE(note.find("context lowered from 131,072"), std::string::npos) << note;
  // Without a wish: the whole training context when it fits (no fixed cap).
  note.clear();
  EXPECT_EQ(choose_context(model, 0, rq, ram(64, 60), &note), 131072u);
  EXPECT_TRUE(note.empty()) << note;
}

TEST(MemoryFit, NeverSuggestsMoreThanTheTrainedWindow) {
  FitRequest rq;
  rq.context = 100'000'000;
  // Plenty of memory for the trained 40,960 tokens, nowhere near enough for the request.
  FitPlan p = plan_fit(model_8b(), rq, ram(64, 60));
  EXPECT_EQ(p.verdict, FitVerdict::kTooLarge);
  EXPECT_EQ(p.max_context, 40960u);
  ASSERT_FALSE(p.suggestions.empty());
  EXPECT_EQ(p.suggestions.front(),
            "a context within the trained window: 100,000,000 tokens were asked for, but the model was trained on "
            "40,960; 40,960 tokens fit (--ctx 40960, or \"ctx\": 40960 in models.json)");
  EXPECT_EQ(p.suggestions.size(), 1u);  // no KV-cache or quantization advice: the window is the answer
  std::string report = format_fit_report(model_8b(), p, ram(64, 60));
  EXPECT_NE(report.find("100,000,000 tokens (trained on 40,960)"), std::string::npos) << report;

  // Less memory: what fits, still within the window.
  p = plan_fit(model_8b(), rq, ram(12, 9));
  EXPECT_LT(p.max_context, 40960u);
  EXPECT_NE(p.suggestions.front().find("trained on 40,960; " + format_tokens(p.max_context) + " tokens fit"),
            std::string::npos)
      << p.suggestions.front();
}

TEST(MemoryFit, GpuGetsAllLayersWhenTheyFit) {
  FitRequest rq;
  rq.context = 32768;
  FitPlan p = plan_fit(model_8b(), rq, with_gpu(ram(32, 24), 24, 23));
  EXPECT_EQ(p.verdict, FitVerdict::kFitsGpu);
  EXPECT_EQ(p.gpu_layers, 36);
  EXPECT_LT(p.ram_needed, 2 * kGiB);  // only the token embeddings and runtime stay in RAM
}

TEST(MemoryFit, PartialOffloadWhenTheGpuIsSmall) {
  FitRequest rq;
  rq.context = 32768;
  MemoryReadings m = with_gpu(ram(32, 24), 8, 6);
  FitPlan p = plan_fit(model_8b(), rq, m);
  EXPECT_EQ(p.verdict, FitVerdict::kFitsPartial);
  EXPECT_GT(p.gpu_layers, 0);
  EXPECT_LT(p.gpu_layers, 36);
  EXPECT_LE(p.vram_needed, p.vram_budget);
  EXPECT_NE(format_fit_report(model_8b(), p, m).find("partial offload"), std::string::npos);
  // A CPU build of llama.cpp cannot use the GPU: RAM only, and the report says how to fix that when it matters.
  rq.gpu_backend = false;
  FitPlan cpu = plan_fit(model_8b(), rq, m);
  EXPECT_EQ(cpu.verdict, FitVerdict::kFitsCpu);
  GgufModelInfo big = model_8b(40'000'000'000ull);
  FitPlan refused = plan_fit(big, rq, m);
  ASSERT_FALSE(refused.fits());
  bool mentions_cuda = false;
  for (const auto& s : refused.suggestions) mentions_cuda |= s.find("CPU build") != std::string::npos;
  EXPECT_TRUE(mentions_cuda);
}

TEST(MemoryFit, ForcedGpuLayersThatDoNotFit) {
  FitRequest rq;
  rq.context = 8192;
  rq.gpu_layers = 36;
  FitPlan p = plan_fit(model_8b(), rq, with_gpu(ram(32, 24), 4, 3));
  EXPECT_EQ(p.verdict, FitVerdict::kTooLarge);
  bool fewer = false;
  for (const auto& s : p.suggestions) fewer |= s.find("fewer GPU layers") != std::string::npos;
  EXPECT_TRUE(fewer);
}

TEST(MemoryFit, UnifiedMemoryIsOnePool) {
  MemoryReadings m = ram(128, 110);
  GpuMemory g;
  g.name = "NVIDIA GB10";
  g.unified = true;
  m.gpus.push_back(g);
  FitRequest rq;
  rq.context = 32768;
  FitPlan p = plan_fit(model_8b(60'000'000'000ull), rq, m);
  EXPECT_TRUE(p.fits());
  EXPECT_TRUE(p.unified);
  EXPECT_EQ(p.gpu_layers, 36);
  EXPECT_NE(format_fit_report(model_8b(), p, m).find("unified memory"), std::string::npos);
}

}  // namespace
}  // namespace pair

namespace pair {
namespace {

/// A 0.6B-shaped draft model (28 layers, 8 KV heads of 128) at about 0.6 GB.
GgufModelInfo draft_06b() {
  GgufModelInfo d = model_8b(600'000'000ull);
  d.name = "test-0.6b";
  d.parameters = 600'000'000ull;
  d.block_count = 28;
  d.head_count_kv.assign(28, 8);
  return d;
}

TEST(MemoryFit, ADraftModelCountsWithItsOwnKvCache) {
  FitRequest rq;
  rq.context = 32768;
  FitPlan alone = plan_fit(model_8b(), rq, ram(32, 24));
  rq.draft = draft_06b();
  FitPlan both = plan_fit(model_8b(), rq, ram(32, 24));
  EXPECT_EQ(both.weights, alone.weights + 600'000'000ull);
  EXPECT_EQ(both.kv_cache, alone.kv_cache + 28ull * 8 * 256 * 2 * 32768);
  EXPECT_EQ(both.ram_needed, alone.ram_needed + 600'000'000ull + 28ull * 8 * 256 * 2 * 32768);

  // With every layer on the GPU the draft goes there too.
  MemoryReadings gpu = with_gpu(ram(32, 24), 24, 23);
  rq.draft.reset();
  FitPlan gpu_alone = plan_fit(model_8b(), rq, gpu);
  rq.draft = draft_06b();
  FitPlan gpu_both = plan_fit(model_8b(), rq, gpu);
  EXPECT_EQ(gpu_both.verdict, FitVerdict::kFitsGpu);
  EXPECT_EQ(gpu_both.vram_needed, gpu_alone.vram_needed + 600'000'000ull + 28ull * 8 * 256 * 2 * 32768);
}

TEST(MemoryFit, ADraftModelCanTipItOver) {
  FitRequest rq;
  rq.context = 8192;
  // The 8B model alone fits in 8 GiB free; with a 2 GB draft it does not.
  ASSERT_TRUE(plan_fit(model_8b(), rq, ram(16, 8)).fits());
  GgufModelInfo big_draft = draft_06b();
  big_draft.tensor_bytes = 2'000'000'000ull;
  rq.draft = big_draft;
  EXPECT_FALSE(plan_fit(model_8b(), rq, ram(16, 8)).fits());
}

}  // namespace
}  // namespace pair

namespace pair {
namespace {

using testing::moe_35b_a3b;

TEST(MemoryFit, AMixtureOfExpertsKeepsExpertsInRamBeforeLeavingTheGpu) {
  // 12 GB GPU, 32 GB RAM: 21 GB of weights do not fit on the GPU, but the attention, the shared
  // weights and the cache do, with the experts of the first layers in RAM.
  MemoryReadings mem = with_gpu(ram(32, 26), 12, 11);
  FitRequest rq;
  rq.context = 32768;
  FitPlan p = plan_fit(moe_35b_a3b(), rq, mem);
  ASSERT_EQ(p.verdict, FitVerdict::kFitsExpertsInRam) << format_fit_report(moe_35b_a3b(), p, mem);
  EXPECT_EQ(p.gpu_layers, 40);
  EXPECT_GT(p.cpu_moe_layers, 0);
  EXPECT_LT(p.cpu_moe_layers, 40);
  EXPECT_EQ(p.expert_bytes_in_ram, static_cast<uint64_t>(p.cpu_moe_layers) * 470'000'000ull);
  EXPECT_LE(p.vram_needed, p.vram_budget);
  EXPECT_LE(p.ram_needed, p.ram_budget);
  // The fewest layers' experts that make it fit: one layer fewer would not.
  EXPECT_GT(p.vram_needed + 470'000'000ull, p.vram_budget);
  std::string report = format_fit_report(moe_35b_a3b(), p, mem);
  EXPECT_NE(report.find("fits with the experts of " + std::to_string(p.cpu_moe_layers) + " of 40 layers in RAM"),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("--n-cpu-moe " + std::to_string(p.cpu_moe_layers)), std::string::npos) << report;
  EXPECT_NE(report.find("everything else on the GPU"), std::string::npos) << report;
  EXPECT_NE(report.find("KV cache   "), std::string::npos) << report;
  EXPECT_NE(report.find("full attention 640.00 MiB (10 layers, 32,768 cells)"), std::string::npos) << report;

  // Not when the server's tensor placement is the user's, nor for a dense model: whole layers move.
  rq.experts_in_ram = false;
  EXPECT_EQ(plan_fit(moe_35b_a3b(), rq, mem).verdict, FitVerdict::kFitsPartial);
  rq.experts_in_ram = true;
  GgufModelInfo dense = moe_35b_a3b();
  dense.expert_bytes_by_layer.clear();
  dense.expert_bytes = 0;
  EXPECT_EQ(plan_fit(dense, rq, mem).verdict, FitVerdict::kFitsPartial);
  // Forced GPU layers are the user's placement too.
  rq.gpu_layers = 10;
  EXPECT_EQ(plan_fit(moe_35b_a3b(), rq, mem).verdict, FitVerdict::kFitsPartial);
}

TEST(MemoryFit, ExpertsInRamStillNeedTheRam) {
  // The same GPU with 12 GB of RAM free: the experts have nowhere to go.
  MemoryReadings mem = with_gpu(ram(16, 8), 12, 11);
  FitRequest rq;
  rq.context = 32768;
  EXPECT_FALSE(plan_fit(moe_35b_a3b(), rq, mem).fits());
}

TEST(MemoryFit, TheDefaultContextIsTheTrainedWindowCappedByWhatFits) {
  // Plenty of memory: the model's whole 262,144-token window, not a fixed 32,768.
  FitRequest rq;
  std::string note;
  EXPECT_EQ(choose_context(moe_35b_a3b(), 0, rq, with_gpu(ram(128, 120), 80, 79), &note), 262144u);
  EXPECT_TRUE(note.empty()) << note;
  // The experts in RAM already: a longer window only moves more of them, and it still fits.
  EXPECT_EQ(choose_context(moe_35b_a3b(), 0, rq, with_gpu(ram(32, 26), 12, 11), &note), 262144u);

  // A dense model that fits on the GPU with a small context stays there: the context is lowered
  // to what keeps every layer on the GPU, and the note says why.
  GgufModelInfo model = model_8b();
  model.context_length = 131072;
  MemoryReadings gpu = with_gpu(ram(64, 60), 24, 23);
  uint64_t ctx = choose_context(model, 0, rq, gpu, &note);
  EXPECT_LT(ctx, 131072u);
  EXPECT_GE(ctx, 32768u);
  FitRequest at = rq;
  at.context = ctx;
  EXPECT_EQ(plan_fit(model, at, gpu).verdict, FitVerdict::kFitsGpu);
  at.context = ctx + 1024;
  EXPECT_NE(plan_fit(model, at, gpu).verdict, FitVerdict::kFitsGpu);
  EXPECT_NE(
      note.find("context lowered from 131,072 to " + format_tokens(ctx) + " tokens to keep the whole model on the GPU"),
      std::string::npos)
      << note;
  // Asked for by name, the context is kept as long as it fits at all.
  note.clear();
  EXPECT_EQ(choose_context(model, 131072, rq, gpu, &note), 131072u);
  EXPECT_TRUE(note.empty()) << note;
}

TEST(MemoryFit, HybridAndSlidingWindowModelsNeedLessCacheThanFullAttention) {
  FitRequest rq;
  rq.context = 131072;
  GgufModelInfo hybrid = moe_35b_a3b();
  FitPlan p = plan_fit(hybrid, rq, ram(64, 60));
  EXPECT_EQ(p.kv_cache, p.cache.full_bytes + p.cache.recurrent_bytes);
  EXPECT_EQ(p.cache.full_bytes, 4ull * 640 * 1024 * 1024);
  GgufModelInfo all_full = hybrid;
  all_full.layer_cache.clear();
  EXPECT_EQ(plan_fit(all_full, rq, ram(64, 60)).kv_cache, 4 * p.cache.full_bytes);
}

TEST(MemoryFit, AbsurdExpertAndStateSizesDoNotFitRatherThanOverflow) {
  GgufModelInfo m = moe_35b_a3b();
  m.ssm_inner_size = m.ssm_state_size = uint64_t{1} << 40;
  m.expert_bytes_by_layer.assign(40, UINT64_MAX / 8);
  m.expert_bytes = UINT64_MAX;
  FitRequest rq;
  rq.context = 32768;
  FitPlan p = plan_fit(m, rq, with_gpu(ram(32, 26), 12, 11));
  EXPECT_FALSE(p.fits());
}

}  // namespace
}  // namespace pair
