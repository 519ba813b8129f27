#include "local/server_plan.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "local/gguf_builder_testing.h"
#include "local/server_command.h"
#include "util/scoped_env.h"
#include "util/scoped_temp_dir.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

constexpr uint64_t kMiB = 1024ull * 1024;
constexpr uint64_t kGiB = 1024 * kMiB;

bool contains(const std::vector<std::string>& argv, const std::vector<std::string>& seq) {
  return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
}

/// A small mixture of experts: 4 layers (qwen35moe: the last one full attention), each with 8 MiB
/// of expert weights, a 4,096-token window. The file is as long as its tensors say, but sparse.
class ExpertPlacementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::vector<std::pair<std::string, uint64_t>> tensors = {{"token_embd.weight", 64 * 8}};
    for (int i = 0; i < 4; ++i) {
      tensors.emplace_back("blk." + std::to_string(i) + ".attn_norm.weight", 64);
      tensors.emplace_back("blk." + std::to_string(i) + ".ffn_up_exps.weight", 2 * kMiB);  // f32: 8 MiB
    }
    auto model = testing::shaped_gguf("qwen35moe",
                                      {{"block_count", 4},
                                       {"context_length", 4096},
                                       {"embedding_length", 64},
                                       {"attention.head_count", 1},
                                       {"attention.head_count_kv", 1},
                                       {"attention.key_length", 32},
                                       {"attention.value_length", 32},
                                       {"expert_count", 8},
                                       {"expert_used_count", 2},
                                       {"ssm.conv_kernel", 4},
                                       {"ssm.inner_size", 64},
                                       {"ssm.state_size", 16},
                                       {"ssm.group_count", 1}},
                                      {}, tensors);
    tmp_.write(path_, model.header);
    fs::resize_file(path_, model.header.size() + model.data_bytes);
  }

  ModelConfig entry() const {
    ModelConfig m;
    m.name = "moe";
    m.gguf = path_.string();
    m.url = "http://localhost:8004/v1";
    m.model_id = "moe";
    return m;
  }

  /// A GPU whose usable memory (free less llama.cpp's 1 GiB margin) is `usable`.
  ServerPlanOptions options(uint64_t usable) const {
    ServerPlanOptions o;
    o.memory.ram_total = 16 * kGiB;
    o.memory.ram_available = 12 * kGiB;
    GpuMemory g;
    g.name = "Test GPU";
    g.total = g.free = kGiB + usable;
    o.memory.gpus.push_back(g);
    o.llama = LlamaInstall{};
    o.llama->server = "/opt/llama/bin/llama-server";
    o.llama->backend = "cuda";
    return o;
  }

  Result<StartPlan> plan(const ModelConfig& m, uint64_t usable, ServerPlanDetails* details = nullptr) const {
    auto spec = managed_spec(m, m.gguf);
    if (!spec) return std::unexpected(spec.error());
    return plan_start(m, *spec, options(usable), details);
  }

  testing::ScopedTempDir tmp_{"pair-server-plan"};
  fs::path path_ = tmp_.path() / "moe.gguf";
  testing::ScopedEnv state_{"XDG_STATE_HOME", (tmp_.path() / "state").string()};
};

TEST_F(ExpertPlacementTest, TheServerKeepsTheExpertsThePlanPutInRam) {
  // About 609 MiB on the GPU with every expert there (32 MiB of experts, 512 MiB of runtime,
  // 64 MiB of compute buffers, the cache); 590 MiB usable: three layers' experts must move.
  auto p = plan(entry(), 590 * kMiB);
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_TRUE(contains(p->argv, {"--n-cpu-moe", "3"})) << shell_join(p->argv);
  EXPECT_FALSE(has_flag(p->argv, {"--n-gpu-layers"})) << shell_join(p->argv);
  EXPECT_TRUE(contains(p->argv, {"--ctx-size", "4096"})) << shell_join(p->argv);

  // Everything fits on the GPU: no flag.
  auto roomy = plan(entry(), 4 * kGiB);
  ASSERT_TRUE(roomy.has_value()) << roomy.error().message;
  EXPECT_FALSE(has_flag(roomy->argv, {"--n-cpu-moe"})) << shell_join(roomy->argv);

  // The user's own placement: theirs, not ours.
  ModelConfig own = entry();
  own.server_args = {"-ot", "exps=CPU"};
  auto theirs = plan(own, 590 * kMiB);
  ASSERT_TRUE(theirs.has_value()) << theirs.error().message;
  EXPECT_FALSE(has_flag(theirs->argv, {"--n-cpu-moe"})) << shell_join(theirs->argv);
  ModelConfig layers = entry();
  layers.gpu_layers = 1;
  auto forced = plan(layers, 590 * kMiB);
  ASSERT_TRUE(forced.has_value()) << forced.error().message;
  EXPECT_FALSE(has_flag(forced->argv, {"--n-cpu-moe"})) << shell_join(forced->argv);
  EXPECT_TRUE(contains(forced->argv, {"--n-gpu-layers", "1"})) << shell_join(forced->argv);
  // Too many forced layers: the suggestion is the experts' placement, not fewer layers.
  layers.gpu_layers = 4;
  auto refused = plan(layers, 590 * kMiB);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("no \"gpu_layers\": every layer fits on the GPU with the experts of 3 "
                                         "layers in RAM (--n-cpu-moe 3)"),
            std::string::npos)
      << refused.error().message;
}

TEST_F(ExpertPlacementTest, TheCacheFollowsTheServersSlots) {
  ServerPlanDetails shared;
  ASSERT_TRUE(plan(entry(), 4 * kGiB, &shared).has_value());
  ASSERT_TRUE(shared.fit.has_value());
  EXPECT_EQ(shared.fit->slots, 4u);  // llama-server's default: 4 slots, one cache
  EXPECT_EQ(shared.fit->cache.full_cells, 4096u);
  // -np 2: two slots, each with its own cache; the recurrent state is per slot.
  ModelConfig two = entry();
  two.server_args = {"-np", "2"};
  ServerPlanDetails own;
  ASSERT_TRUE(plan(two, 4 * kGiB, &own).has_value());
  ASSERT_TRUE(own.fit.has_value());
  EXPECT_EQ(own.fit->slots, 2u);
  EXPECT_EQ(own.fit->cache.recurrent_bytes * 2, shared.fit->cache.recurrent_bytes);
  EXPECT_EQ(own.fit->cache.full_cells, 4096u);  // two streams of 2,048
}

}  // namespace
}  // namespace pair
