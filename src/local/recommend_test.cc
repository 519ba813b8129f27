#include "local/recommend.h"

#include <gtest/gtest.h>

#include "local/memory_fit.h"
#include "util/atomic_file.h"

namespace pair {
namespace {

constexpr uint64_t kGiB = 1024ull * 1024 * 1024;

/// A machine with `free_gib` of RAM free (of a quarter more in all).
MemoryReadings ram(double free_gib) {
  MemoryReadings m;
  m.ram_total = static_cast<uint64_t>(free_gib * 1.25 * kGiB);
  m.ram_available = static_cast<uint64_t>(free_gib * kGiB);
  return m;
}

/// `m` with a discrete GPU of `total_gib`, one GiB of it in use.
MemoryReadings with_gpu(MemoryReadings m, const char* name, uint64_t total_gib) {
  GpuMemory g;
  g.name = name;
  g.total = total_gib * kGiB;
  g.free = (total_gib - 1) * kGiB;
  m.gpus.push_back(g);
  return m;
}

/// The installed catalog, as pair reads it.
std::vector<CatalogModel> installed() {
  std::string path = std::string(PAIR_SOURCE_DIR) + "/share/pair/models-catalog.json";
  auto text = read_file_to_string(path);
  EXPECT_TRUE(text.has_value()) << path;
  auto parsed = parse_model_catalog(text.value_or(""), path);
  EXPECT_TRUE(parsed.has_value()) << parsed.error().message;
  return parsed ? parsed->models : std::vector<CatalogModel>{};
}

/// "chosen / smaller" for a machine.
std::string pick(const MemoryReadings& m, bool gpu_backend = false) {
  auto r = recommend_coding_model(installed(), m, gpu_backend);
  if (!r) return "none";
  return r->model.name + " / " + (r->smaller ? r->smaller->name : "none");
}

TEST(Recommend, PerMemoryTier) {
  // The KV cache at 32k tokens counts, but only the full-attention layers hold one.
  EXPECT_EQ(pick(ram(128)), "qwen3.5-122b-a10b / gpt-oss-120b");
  EXPECT_EQ(pick(ram(64)), "qwen3-coder-next / qwen3.6-35b-a3b");
  EXPECT_EQ(pick(ram(32)), "qwen3.6-35b-a3b / gpt-oss-20b");
  EXPECT_EQ(pick(ram(16)), "gpt-oss-20b / qwen3.5-9b");
  EXPECT_EQ(pick(ram(8)), "qwen3.5-9b / qwen2.5-coder-3b");
  EXPECT_EQ(pick(ram(3)), "qwen2.5-coder-1.5b / none");
  EXPECT_EQ(pick(ram(1)), "none");
}

TEST(Recommend, AGpuCountsWithAGpuBuild) {
  // A 24 GB GPU holds the 35B-A3B whole; on a 12 GB one its attention stays on the GPU and part
  // of its experts in RAM.
  MemoryReadings big = with_gpu(ram(12), "RTX 4090", 24);
  MemoryReadings small = with_gpu(ram(24), "RTX 4070", 12);
  for (const auto& [machine, placement] :
       {std::pair{big, FitVerdict::kFitsGpu}, std::pair{small, FitVerdict::kFitsExpertsInRam}}) {
    auto r = recommend_coding_model(installed(), machine, true);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->model.name, "qwen3.6-35b-a3b");
    EXPECT_EQ(r->model.placement, placement);
  }
  auto r = recommend_coding_model(installed(), small, true);
  EXPECT_NE(recommendation_reasons(r->model)[0].find("on the GPU with some experts in RAM here"), std::string::npos)
      << recommendation_reasons(r->model)[0];
  EXPECT_EQ(pick(big, false), "qwen3.5-9b / qwen2.5-coder-3b");  // a CPU build cannot use the GPU
}

TEST(Recommend, TheHubsSizeReplacesTheCatalogsAndIsCheckedAgain) {
  std::vector<std::string> asked;
  HubSizeLookup hub = [&](const std::string& hf) -> std::optional<uint64_t> {
    asked.push_back(hf);
    if (hf == "ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M") return 40 * kGiB;  // larger than the catalog says
    if (hf == "ggml-org/gpt-oss-20b-GGUF") return 12'345'678'901ull;
    return std::nullopt;  // unknown: the catalog's figure stands
  };
  auto r = recommend_coding_model(installed(), ram(32), false, hub);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->model.name, "gpt-oss-20b");  // the real 35B-A3B no longer fits
  EXPECT_TRUE(r->model.bytes_from_hub);
  EXPECT_EQ(r->model.approx_bytes, 12'345'678'901ull);
  ASSERT_TRUE(r->smaller.has_value());
  EXPECT_EQ(r->smaller->name, "qwen3.5-9b");
  EXPECT_FALSE(r->smaller->bytes_from_hub);
  EXPECT_EQ(r->smaller->approx_bytes, 5'700'000'000ull);
  // Only the models that fit by the catalog's figures were looked up, largest first.
  std::vector<std::string> want = {"ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M", "ggml-org/gpt-oss-20b-GGUF",
                                   "unsloth/Qwen3.5-9B-GGUF:Q4_K_M"};
  EXPECT_EQ(asked, want);
}

TEST(Recommend, WhyThisModel) {
  auto r = recommend_coding_model(installed(), ram(32), false);
  ASSERT_TRUE(r.has_value());
  auto why = recommendation_reasons(r->model);
  ASSERT_EQ(why.size(), 3u);
  EXPECT_EQ(why[0], "the ~32 GB tier; 36B parameters, 3B active per token (MoE); on the CPU from RAM here");
  // 21 GB * 3/36 = 1.75 GB read per token: 30-60 GB/s on a CPU, 300-800 GB/s on a GPU.
  EXPECT_EQ(why[1],
            "expect about 17-34 tokens/s on a CPU, 170-460 on a GPU that holds it (estimated from memory "
            "bandwidth)");
  EXPECT_NE(why[2].find("SWE-bench Verified 73.4"), std::string::npos);
  auto dense = recommend_coding_model(installed(), ram(8), false);
  ASSERT_TRUE(dense.has_value());
  EXPECT_NE(recommendation_reasons(dense->model)[0].find("9B parameters (dense: all active per token)"),
            std::string::npos);
  EXPECT_NE(recommendation_reasons(dense->model)[2].find("Weak at agentic work"), std::string::npos);
}

}  // namespace
}  // namespace pair
