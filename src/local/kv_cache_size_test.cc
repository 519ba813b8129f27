#include "local/kv_cache_size.h"

#include <gtest/gtest.h>

#include "local/gguf_layers.h"
#include "local/model_shapes_testing.h"

namespace pair {
namespace {

constexpr uint64_t kMiB = 1024ull * 1024;

using testing::moe_35b_a3b;
using testing::sliding_20b;

TEST(KvCacheSize, HybridLayersCacheTheContextOnlyWhereTheyAttend) {
  GgufModelInfo m = moe_35b_a3b();
  EXPECT_EQ(m.layers_with(LayerCache::kFull), 10u);
  EXPECT_EQ(m.layers_with(LayerCache::kRecurrent), 30u);
  // Per token: 10 layers x 2 heads x (256 + 256) x 2 bytes.
  EXPECT_EQ(kv_bytes_per_token(m, "f16", "f16"), 20480u);
  KvCacheSize s = kv_cache_size(m, 32768, {});
  EXPECT_EQ(s.full_cells, 32768u);
  EXPECT_EQ(s.full_bytes, 640 * kMiB);
  // Per recurrent layer and slot: (3 x (4096 + 2 x 16 x 128) + 128 x 4096) f32 values; 4 slots.
  EXPECT_EQ(m.recurrent_state_bytes(), (3u * 8192 + 524288) * 4);
  EXPECT_EQ(s.recurrent_bytes, 30ull * (3 * 8192 + 524288) * 4 * 4);
  EXPECT_EQ(s.total(), s.full_bytes + s.recurrent_bytes);
  // The state does not grow with the context; the attention layers do.
  KvCacheSize twice = kv_cache_size(m, 65536, {});
  EXPECT_EQ(twice.recurrent_bytes, s.recurrent_bytes);
  EXPECT_EQ(twice.full_bytes, 2 * s.full_bytes);
  EXPECT_EQ(format_kv_cache(s, 4),
            "full attention 640.00 MiB (10 layers, 32,768 cells), recurrent state 251.25 MiB (30 layers, 4 slots, "
            "whatever the context)");
}

TEST(KvCacheSize, SlidingWindowLayersCacheTheWindowPerSlotAndAMicroBatch) {
  GgufModelInfo m = sliding_20b();
  EXPECT_EQ(kv_bytes_per_token(m, "f16", "f16"), 12u * 8 * 128 * 2);
  KvCacheSize s = kv_cache_size(m, 32768, {});
  EXPECT_EQ(s.full_bytes, 768 * kMiB);
  // Four slots share the cache: 128 x 4 + 512, padded to 256.
  EXPECT_EQ(s.sliding_cells, 1024u);
  EXPECT_EQ(s.sliding_bytes, 24 * kMiB);
  EXPECT_EQ(format_kv_cache(s, 4),
            "full attention 768.00 MiB (12 layers, 32,768 cells), sliding window 24.00 MiB (12 layers, 1,024 cells)");
  // --swa-full: the window layers cache the whole context.
  KvCacheOptions full;
  full.swa_full = true;
  EXPECT_EQ(kv_cache_size(m, 32768, full).sliding_bytes, 768 * kMiB);
  // A small context bounds the window cache too.
  EXPECT_EQ(kv_cache_size(m, 512, {}).sliding_cells, 512u);
  // -np 2 without a shared cache: two streams, each padded on its own.
  KvCacheOptions two;
  two.slots = 2;
  two.unified = false;
  KvCacheSize streams = kv_cache_size(m, 32768, two);
  EXPECT_EQ(streams.full_cells, 32768u);
  EXPECT_EQ(streams.sliding_cells, 2u * 768);  // (128 + 512) padded to 768, per stream
  EXPECT_EQ(format_kv_cache(streams, 2),
            "full attention 768.00 MiB (12 layers, 2 streams of 16,384 cells), sliding window 36.00 MiB (12 layers, 2 "
            "streams of 768 cells)");
}

TEST(KvCacheSize, TheContextIsPaddedAsLlamaCppPadsIt) {
  GgufModelInfo m = moe_35b_a3b();
  EXPECT_EQ(kv_cache_size(m, 1000, {}).full_cells, 1024u);
  EXPECT_EQ(kv_cache_size(m, 4096, {}).full_cells, 4096u);
  KvCacheOptions q8;
  q8.cache_type_k = q8.cache_type_v = "q8_0";
  EXPECT_EQ(kv_cache_size(m, 32768, q8).full_bytes, 640 * kMiB * 34 / 64);
}

TEST(KvCacheSize, AShapeWithoutLayerKindsIsFullAttentionEverywhere) {
  GgufModelInfo m;
  m.block_count = 4;
  m.head_count_kv = {8, 0, 8, 0};  // layers without KV heads cache nothing
  m.key_length = m.value_length = 128;
  KvCacheSize s = kv_cache_size(m, 4096, {});
  EXPECT_EQ(s.full_layers, 4u);
  EXPECT_EQ(s.full_bytes, 2ull * 8 * 256 * 2 * 4096);
  EXPECT_EQ(s.sliding_bytes + s.recurrent_bytes, 0u);
  EXPECT_EQ(format_kv_cache(KvCacheSize{}, 4), "none");
}

TEST(KvCacheSize, AbsurdStateSizesSaturate) {
  GgufModelInfo m = moe_35b_a3b();
  m.ssm_inner_size = m.ssm_state_size = m.ssm_group_count = m.ssm_conv_kernel = uint64_t{1} << 40;
  EXPECT_EQ(m.recurrent_state_bytes(), uint64_t{1} << 60);
  EXPECT_EQ(kv_cache_size(m, 32768, {}).recurrent_bytes, uint64_t{1} << 60);
  m.sliding_window = UINT64_MAX;
  m.layer_cache = sliding_layers(40, 0, 2, false);
  EXPECT_LE(kv_cache_size(m, UINT64_MAX, {}).total(), uint64_t{1} << 60);
}

}  // namespace
}  // namespace pair
