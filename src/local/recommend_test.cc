#include "local/recommend.h"

#include <gtest/gtest.h>

#include "local/memory_fit.h"

namespace pair {
namespace {

constexpr uint64_t kGiB = 1024ull * 1024 * 1024;

MemoryReadings ram(double total_gib, double free_gib) {
  MemoryReadings m;
  m.ram_total = static_cast<uint64_t>(total_gib * kGiB);
  m.ram_available = static_cast<uint64_t>(free_gib * kGiB);
  return m;
}

TEST(Recommend, TheLargestThatFits) {
  EXPECT_EQ(recommend_coding_model(ram(64, 56), false)->name, "qwen3-coder-30b");
  // The KV cache at 32k tokens counts: a 14B needs 6 GiB of it on top of its 8.4 GiB of weights.
  EXPECT_EQ(recommend_coding_model(ram(24, 18), false)->name, "qwen2.5-coder-14b");
  EXPECT_EQ(recommend_coding_model(ram(16, 12), false)->name, "qwen2.5-coder-7b");
  EXPECT_EQ(recommend_coding_model(ram(8, 6), false)->name, "qwen2.5-coder-3b");
  EXPECT_EQ(recommend_coding_model(ram(4, 3), false)->name, "qwen2.5-coder-1.5b");
  auto none = recommend_coding_model(ram(2, 1), false);
  EXPECT_FALSE(none.has_value());
  // A 24 GB GPU on a small-RAM machine: the GPU's memory counts.
  MemoryReadings gpu = ram(16, 12);
  GpuMemory g;
  g.name = "RTX 4090";
  g.total = 24 * kGiB;
  g.free = 23 * kGiB;
  gpu.gpus.push_back(g);
  auto with_gpu = recommend_coding_model(gpu, true);
  ASSERT_TRUE(with_gpu.has_value());
  EXPECT_EQ(with_gpu->name, "qwen3-coder-30b");
  EXPECT_EQ(recommend_coding_model(gpu, false)->name, "qwen2.5-coder-7b");  // a CPU build cannot use it
}

}  // namespace
}  // namespace pair
