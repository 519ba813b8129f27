#include "local/gguf.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "local/ggml_types.h"
#include "local/gguf_builder_testing.h"
#include "local/gguf_layers.h"
#include "local/gguf_model.h"
#include "local/llama_install.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

using Builder = testing::GgufBuilder;

/// A small but complete model: llama architecture, 2 layers, GQA, f16 and q4_K tensors.
std::string small_model() {
  Builder b;
  b.header(4, 9);
  b.kv_str("general.architecture", "llama");
  b.kv_str("general.name", "tiny test");
  b.kv_u32("general.file_type", 15);
  b.kv_u32("llama.context_length", 4096);
  b.kv_u32("llama.embedding_length", 256);
  b.kv_u32("llama.block_count", 2);
  b.kv_u32("llama.attention.head_count", 4);
  b.kv_u32_array("llama.attention.head_count_kv", {2, 1});
  b.kv_str_array("tokenizer.ggml.tokens", {"a", "b", "c"});
  uint64_t off = 0;
  b.tensor("token_embd.weight", {256, 3}, 1, off);  // f16: 1536 bytes
  off += 256 * 3 * 2;
  b.tensor("blk.0.attn_q.weight", {256, 256}, 12, off);  // q4_K: 256 blocks of 144 bytes
  off += 256 * 144;
  b.tensor("blk.1.attn_q.weight", {256, 256}, 12, off);
  off += 256 * 144;
  b.tensor("output_norm.weight", {256}, 0, off);  // f32: 1024 bytes
  off += 1024;
  b.pad();
  b.zeros(off);
  return b.bytes();
}

TEST(Gguf, ReadsHeaderMetadataAndTensors) {
  auto f = parse_gguf_bytes(small_model(), "small.gguf");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->version, 3u);
  EXPECT_EQ(f->metadata.size(), 9u);
  ASSERT_EQ(f->tensors.size(), 4u);
  EXPECT_EQ(f->get_string("general.architecture"), "llama");
  EXPECT_EQ(f->get_int("llama.block_count"), 2);
  const GgufValue* tokens = f->find("tokenizer.ggml.tokens");
  ASSERT_NE(tokens, nullptr);
  EXPECT_EQ(tokens->array_count, 3u);
  EXPECT_EQ(f->tensors[1].bytes, 256u * 144);
  EXPECT_EQ(f->data_offset % 32, 0u);

  GgufModelInfo m = summarize_gguf({*f});
  EXPECT_EQ(m.architecture, "llama");
  EXPECT_EQ(m.name, "tiny test");
  EXPECT_EQ(m.file_type, "Q4_K_M");
  EXPECT_EQ(m.parameters, 256u * 3 + 2 * 256 * 256 + 256);
  EXPECT_EQ(m.context_length, 4096u);
  EXPECT_EQ(m.block_count, 2u);
  EXPECT_EQ(m.head_count, 4u);
  EXPECT_EQ(m.head_count_kv, (std::vector<uint64_t>{2, 1}));
  EXPECT_EQ(m.key_length, 64u);
  EXPECT_EQ(m.vocab_size, 3u);
  EXPECT_FALSE(m.has_chat_template);
  ASSERT_FALSE(m.quantization.empty());
  EXPECT_EQ(m.quantization.front().type, "q4_K");
  EXPECT_EQ(m.quantization.front().tensors, 2u);
  EXPECT_EQ(m.token_embedding_bytes, 1536u);
}

TEST(Gguf, EveryTruncationIsAClearErrorNeverACrash) {
  std::string whole = small_model();
  for (size_t n = 0; n < whole.size(); ++n) {
    auto f = parse_gguf_bytes(std::string_view(whole).substr(0, n), "cut.gguf");
    ASSERT_FALSE(f.has_value()) << "accepted a file cut at byte " << n;
    EXPECT_EQ(f.error().code, ErrorCode::kParse);
    EXPECT_NE(f.error().message.find("cut.gguf"), std::string::npos) << f.error().message;
  }
  // The ones cut inside the tensor data say which tensor is incomplete.
  auto f = parse_gguf_bytes(std::string_view(whole).substr(0, whole.size() - 10), "cut.gguf");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("truncated GGUF file: the data of tensor \"output_norm.weight\""), std::string::npos)
      << f.error().message;
}

TEST(Gguf, NotAGgufFile) {
  auto f = parse_gguf_bytes("PK\x03\x04 a zip file", "model.safetensors");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("not a GGUF file"), std::string::npos);
  Builder v1;
  v1.header(0, 0, 1);
  EXPECT_NE(parse_gguf_bytes(v1.bytes()).error().message.find("version 1 is obsolete"), std::string::npos);
  Builder big_endian;
  big_endian.header(0, 0, 0x03000000);
  EXPECT_NE(parse_gguf_bytes(big_endian.bytes()).error().message.find("big-endian"), std::string::npos);
}

TEST(Gguf, HostileCountsAndSizesAreRefusedBeforeAllocating) {
  {  // 2^60 metadata entries in a 24-byte file
    Builder b;
    b.header(0, uint64_t{1} << 60);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
    EXPECT_NE(f.error().message.find("metadata entries"), std::string::npos) << f.error().message;
  }
  {  // a key claiming 2^62 bytes
    Builder b;
    b.header(0, 1).u64(uint64_t{1} << 62).zeros(64);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
    EXPECT_NE(f.error().message.find("string of"), std::string::npos) << f.error().message;
  }
  {  // a string value longer than the file
    Builder b;
    b.header(0, 1).str("k").u32(8).u64(1000).raw("abc", 3);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
    EXPECT_NE(f.error().message.find("truncated"), std::string::npos) << f.error().message;
  }
  {  // an array of 2^40 uint32 in a tiny file
    Builder b;
    b.header(0, 1).str("k").u32(9).u32(4).u64(uint64_t{1} << 40);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
  }
  {  // an array of 2^40 strings
    Builder b;
    b.header(0, 1).str("k").u32(9).u32(8).u64(uint64_t{1} << 40).zeros(64);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
  }
  {  // arrays of arrays of arrays
    Builder b;
    b.header(0, 1).str("k").u32(9).u32(9).u64(1).u32(9).u64(1).u32(9).u64(1).zeros(64);
    auto f = parse_gguf_bytes(b.bytes());
    ASSERT_FALSE(f.has_value());
    EXPECT_NE(f.error().message.find("nested too deeply"), std::string::npos) << f.error().message;
  }
}

TEST(Gguf, CorruptFieldsAreNamed) {
  auto expect_error = [](const Builder& b, const std::string& needle) {
    auto f = parse_gguf_bytes(b.bytes(), "bad.gguf");
    ASSERT_FALSE(f.has_value()) << needle;
    EXPECT_NE(f.error().message.find(needle), std::string::npos) << f.error().message;
  };
  {
    Builder b;
    b.header(0, 1).str("k").u32(13).u32(0);
    expect_error(b, "unknown type 13");
  }
  {
    Builder b;
    b.header(0, 2).kv_u32("k", 1).kv_u32("k", 2);
    expect_error(b, "duplicate metadata key \"k\"");
  }
  {
    Builder b;
    b.header(1, 0).tensor("t", {1, 1, 1, 1, 1}, 0, 0).zeros(64);
    expect_error(b, "5 dimensions");
  }
  {
    Builder b;
    b.header(1, 0).tensor("t", {16}, 4, 0).zeros(64);  // Q4_2: removed
    expect_error(b, "unknown or removed ggml type 4");
  }
  {
    Builder b;
    b.header(1, 0).tensor("t", {33}, 2, 0).zeros(64);  // q4_0 rows must be multiples of 32
    expect_error(b, "not a multiple");
  }
  {
    Builder b;
    b.header(1, 0).tensor("t", {uint64_t{1} << 40, uint64_t{1} << 40}, 0, 0).zeros(64);
    expect_error(b, "too many elements");
  }
  {
    Builder b;
    b.header(1, 0).tensor("t", {8}, 0, 3).zeros(64);
    expect_error(b, "not aligned");
  }
  {
    Builder b;
    b.header(2, 0).tensor("t", {8}, 0, 0).tensor("t", {8}, 0, 32).zeros(64);
    expect_error(b, "duplicate tensor \"t\"");
  }
  {
    Builder b;
    b.header(0, 1).str("general.alignment").u32(4).u32(48);
    expect_error(b, "power of two");
  }
  {
    Builder b;
    b.header(0, 1).str("flag").u32(7).u8(7);
    expect_error(b, "a bool of value 7");
  }
}

TEST(Gguf, RandomDamageNeverCrashes) {
  std::string whole = small_model();
  std::mt19937 rng(42);
  for (int i = 0; i < 3000; ++i) {
    std::string damaged = whole;
    int flips = 1 + static_cast<int>(rng() % 8);
    for (int k = 0; k < flips; ++k) damaged[rng() % damaged.size()] = static_cast<char>(rng());
    auto f = parse_gguf_bytes(damaged);  // may or may not parse; must not crash, hang or allocate wildly
    if (f) summarize_gguf({*f});
  }
}

TEST(Gguf, FileErrors) {
  auto missing = read_gguf("/nonexistent/model.gguf");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  auto dir = read_gguf("/tmp");
  ASSERT_FALSE(dir.has_value());
  EXPECT_NE(dir.error().message.find("not a regular file"), std::string::npos);
}

TEST(Gguf, SplitModelsAreReadAcrossParts) {
  fs::path dir = fs::temp_directory_path() / ("pair-gguf-split-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::string part = small_model();
  for (int i = 1; i <= 2; ++i) {
    std::ofstream(dir / ("m-0000" + std::to_string(i) + "-of-00002.gguf"), std::ios::binary) << part;
  }
  auto m = read_gguf_model(dir / "m-00002-of-00002.gguf");
  ASSERT_TRUE(m.has_value()) << m.error().message;
  EXPECT_EQ(m->parts.size(), 2u);
  EXPECT_EQ(m->parts.front().filename(), "m-00001-of-00002.gguf");
  EXPECT_EQ(m->file_bytes, 2 * part.size());
  EXPECT_EQ(m->parameters, 2 * (256u * 3 + 2 * 256 * 256 + 256));
  fs::remove(dir / "m-00001-of-00002.gguf");
  auto missing = read_gguf_model(dir / "m-00002-of-00002.gguf");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().message.find("m-00001-of-00002.gguf is missing"), std::string::npos);
  fs::remove_all(dir);
}

/// A model of `arch` with the given keys, arrays and f32 tensors of 32 values each.
std::string shaped_model(const std::string& arch, const std::vector<std::pair<std::string, uint32_t>>& keys,
                         const std::vector<std::pair<std::string, std::vector<uint32_t>>>& arrays = {},
                         const std::vector<std::string>& tensors = {}) {
  std::vector<std::pair<std::string, uint64_t>> small;
  for (const auto& t : tensors) small.emplace_back(t, 32);
  return testing::shaped_gguf(arch, keys, arrays, small).bytes();
}

GgufModelInfo summarize_bytes(const std::string& bytes) {
  auto f = parse_gguf_bytes(bytes);
  EXPECT_TRUE(f.has_value()) << f.error().message;
  return f ? summarize_gguf({*f}) : GgufModelInfo{};
}

constexpr LayerCache F = LayerCache::kFull, S = LayerCache::kSliding, R = LayerCache::kRecurrent, N = LayerCache::kNone;

TEST(GgufLayers, HybridQwenLayersAreRecurrentButEveryIntervalth) {
  std::vector<std::pair<std::string, uint32_t>> keys = {
      {"block_count", 8},       {"attention.head_count", 4}, {"attention.head_count_kv", 2}, {"ssm.conv_kernel", 4},
      {"ssm.inner_size", 4096}, {"ssm.state_size", 128},     {"ssm.group_count", 16}};
  // No interval in the file: llama.cpp's default of 4.
  GgufModelInfo m = summarize_bytes(shaped_model("qwen35moe", keys));
  EXPECT_EQ(m.layer_cache, (std::vector<LayerCache>{R, R, R, F, R, R, R, F}));
  EXPECT_EQ(format_layer_caches(m), "2 full attention, 6 recurrent (a fixed state, whatever the context)");
  EXPECT_EQ(m.ssm_conv_kernel, 4u);
  EXPECT_EQ(m.ssm_inner_size, 4096u);
  EXPECT_EQ(m.ssm_state_size, 128u);
  EXPECT_EQ(m.ssm_group_count, 16u);
  EXPECT_EQ(m.recurrent_state_bytes(), (3u * (4096 + 2 * 16 * 128) + 128 * 4096) * 4);

  auto with = [&](std::vector<std::pair<std::string, uint32_t>> more) {
    auto k = keys;
    k.insert(k.end(), more.begin(), more.end());
    return k;
  };
  EXPECT_EQ(summarize_bytes(shaped_model("qwen35", with({{"full_attention_interval", 2}}))).layer_cache,
            (std::vector<LayerCache>{R, F, R, F, R, F, R, F}));
  // A next-token-prediction layer at the end is no part of the main context's cache.
  auto nextn = with({{"nextn_predict_layers", 1}});
  nextn[0].second = 9;
  GgufModelInfo mtp = summarize_bytes(shaped_model("qwen3next", nextn));
  EXPECT_EQ(mtp.nextn_layers, 1u);
  EXPECT_EQ(mtp.layer_cache, (std::vector<LayerCache>{R, R, R, F, R, R, R, F, N}));
  // `attention.recurrent_layers` names each layer and wins over the interval.
  GgufModelInfo named = summarize_bytes(shaped_model("qwen35moe", with({{"full_attention_interval", 4}}),
                                                     {{"attention.recurrent_layers", {1, 0, 0, 1, 1, 1, 1, 0}}}));
  EXPECT_EQ(named.layer_cache, (std::vector<LayerCache>{R, F, F, R, R, R, R, F}));
  // Another architecture with the same keys is plain attention.
  EXPECT_TRUE(summarize_bytes(shaped_model("qwen3moe", keys)).layer_cache.empty());
}

TEST(GgufLayers, HybridsWithoutKvHeadsOnStateSpaceLayers) {
  GgufModelInfo m = summarize_bytes(shaped_model("jamba", {{"block_count", 4}, {"attention.head_count", 4}},
                                                 {{"attention.head_count_kv", {0, 0, 4, 0}}}));
  EXPECT_EQ(m.layer_cache, (std::vector<LayerCache>{R, R, F, R}));
  EXPECT_EQ(summarize_bytes(shaped_model("mamba2", {{"block_count", 3}})).layer_cache,
            (std::vector<LayerCache>{R, R, R}));
}

TEST(GgufLayers, SlidingWindowLayersFollowTheArchitecturesPattern) {
  // gpt-oss alternates, the first of each pair sliding.
  GgufModelInfo oss = summarize_bytes(shaped_model("gpt-oss", {{"block_count", 4}, {"attention.sliding_window", 128}}));
  EXPECT_EQ(oss.sliding_window, 128u);
  EXPECT_EQ(oss.layer_cache, (std::vector<LayerCache>{S, F, S, F}));
  EXPECT_EQ(format_layer_caches(oss), "2 sliding window (128 tokens), 2 full attention");
  // A period in the file replaces the default; an array names each layer.
  EXPECT_EQ(summarize_bytes(shaped_model("gpt-oss", {{"block_count", 4},
                                                     {"attention.sliding_window", 128},
                                                     {"attention.sliding_window_pattern", 4}}))
                .layer_cache,
            (std::vector<LayerCache>{S, S, S, F}));
  EXPECT_EQ(summarize_bytes(shaped_model("gpt-oss", {{"block_count", 4}, {"attention.sliding_window", 128}},
                                         {{"attention.sliding_window_pattern", {0, 1, 1, 0}}}))
                .layer_cache,
            (std::vector<LayerCache>{F, S, S, F}));
  // gemma3 slides five layers of six, and only when the file sets a window.
  EXPECT_EQ(
      summarize_bytes(shaped_model("gemma3", {{"block_count", 7}, {"attention.sliding_window", 1024}})).layer_cache,
      (std::vector<LayerCache>{S, S, S, S, S, F, S}));
  GgufModelInfo no_window = summarize_bytes(shaped_model("gemma3", {{"block_count", 7}}));
  EXPECT_TRUE(no_window.layer_cache.empty());
  EXPECT_EQ(no_window.sliding_window, 0u);
  // gemma2's window defaults to 4096.
  EXPECT_EQ(summarize_bytes(shaped_model("gemma2", {{"block_count", 2}})).sliding_window, 4096u);
  // An architecture llama.cpp runs without a window caches the whole context, whatever its file says.
  GgufModelInfo llama =
      summarize_bytes(shaped_model("llama", {{"block_count", 4}, {"attention.sliding_window", 4096}}));
  EXPECT_TRUE(llama.layer_cache.empty());
  EXPECT_EQ(format_layer_caches(llama), "");
  EXPECT_EQ(llama.sliding_window, 0u);
}

TEST(GgufLayers, ExpertTensorsAreCountedPerLayer) {
  GgufModelInfo m = summarize_bytes(shaped_model(
      "qwen35moe", {{"block_count", 3}, {"expert_count", 8}}, {},
      {"blk.0.attn_q.weight", "blk.0.ffn_up_exps.weight", "blk.0.ffn_gate_exps.weight", "blk.2.ffn_gate_up_exps.weight",
       "blk.2.ffn_down_chexps.weight", "blk.2.ffn_up_shexp.weight", "blk.2.ffn_gate_inp.weight", "token_embd.weight"}));
  EXPECT_EQ(m.expert_bytes_by_layer, (std::vector<uint64_t>{256, 0, 256}));
  EXPECT_EQ(m.expert_bytes, 512u);
  EXPECT_EQ(m.tensor_bytes, 8u * 128);
}

TEST(GgufLayers, HostileLayerCountsAreCapped) {
  GgufModelInfo m = summarize_bytes(shaped_model(
      "qwen35", {{"block_count", 0xFFFFFFFF}, {"full_attention_interval", 0}, {"nextn_predict_layers", 0xFFFFFFFF}}));
  EXPECT_LE(m.layer_cache.size(), 1u << 16);
  GgufModelInfo oss =
      summarize_bytes(shaped_model("gpt-oss", {{"block_count", 0xFFFFFFFF}, {"attention.sliding_window", 0xFFFFFFFF}}));
  EXPECT_LE(oss.layer_cache.size(), 1u << 16);
}

/// The llama.cpp source tree (models/ has vocabulary-only GGUFs), when this machine has it:
/// PAIR_LLAMA_SOURCE (tests/support/llama_server.sh exports it), else the source of the install
/// pair itself would use (find_llama_install), so no version or cache path is repeated here.
fs::path llama_source() {
  if (const char* s = std::getenv("PAIR_LLAMA_SOURCE"); s && *s) return s;
  auto install = find_llama_install(/*prefer_gpu=*/false);
  if (install && !install->source.empty() && fs::exists(install->source / "models")) return install->source;
  return {};
}

TEST(Gguf, VocabOnlyFilesFromLlamaCpp) {
  fs::path src = llama_source();
  if (src.empty())
    GTEST_SKIP() << "llama.cpp source not found: build llama.cpp with scripts/llama-cpp.sh, or set "
                    "PAIR_LLAMA_SOURCE to the directory `scripts/llama-cpp.sh --source-only` prints";
  struct Expect {
    const char* file;
    const char* arch;
    uint64_t vocab;
    bool template_;
  };
  for (const Expect& e :
       {Expect{"ggml-vocab-qwen2.gguf", "qwen2", 151936, true},
        Expect{"ggml-vocab-llama-bpe.gguf", "llama", 128256, false},
        Expect{"ggml-vocab-gemma-4.gguf", "gemma4", 262144, true}, Expect{"ggml-vocab-phi-3.gguf", "phi3", 32064, true},
        Expect{"ggml-vocab-bert-bge.gguf", "bert", 30522, false}}) {
    auto m = read_gguf_model(src / "models" / e.file);
    ASSERT_TRUE(m.has_value()) << m.error().message;
    EXPECT_EQ(m->architecture, e.arch) << e.file;
    EXPECT_EQ(m->vocab_size, e.vocab) << e.file;
    EXPECT_EQ(m->has_chat_template, e.template_) << e.file;
    EXPECT_EQ(m->parameters, 0u) << e.file;  // vocabulary only
  }
  // Every vocab file parses, and every cut of one fails cleanly.
  for (const auto& entry : fs::directory_iterator(src / "models")) {
    if (entry.path().extension() != ".gguf") continue;
    auto f = read_gguf(entry.path());
    EXPECT_TRUE(f.has_value()) << entry.path() << ": " << (f ? "" : f.error().message);
  }
  std::ifstream in(src / "models" / "ggml-vocab-qwen2.gguf", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t cut : {size_t{3}, size_t{100}, bytes.size() / 3, bytes.size() / 2, bytes.size() - 1}) {
    auto f = parse_gguf_bytes(std::string_view(bytes).substr(0, cut), "qwen2-cut");
    EXPECT_FALSE(f.has_value()) << "cut at " << cut;
  }
}

TEST(GgmlTypes, TableMatchesGgml) {
  EXPECT_EQ(ggml_type_info(12)->name, "q4_K");
  EXPECT_EQ(ggml_type_info(12)->type_size, 144u);
  EXPECT_EQ(ggml_type_info(14)->type_size, 210u);  // q6_K
  EXPECT_EQ(ggml_type_info(8)->type_size, 34u);    // q8_0
  EXPECT_EQ(ggml_type_info(39)->name, "mxfp4");
  EXPECT_FALSE(ggml_type_info(4).has_value());   // removed
  EXPECT_FALSE(ggml_type_info(31).has_value());  // removed
  EXPECT_FALSE(ggml_type_info(1000).has_value());
  EXPECT_EQ(llama_file_type_name(15), "Q4_K_M");
  EXPECT_EQ(llama_file_type_name(999), "file type 999");
  EXPECT_DOUBLE_EQ(*quant_bits_per_weight("q4_k_m"), 4.85);
  EXPECT_FALSE(quant_bits_per_weight("Q9_X").has_value());
  EXPECT_DOUBLE_EQ(*kv_cache_bytes_per_element("q8_0"), 34.0 / 32);
}

}  // namespace
}  // namespace pair
