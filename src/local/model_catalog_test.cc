#include "local/model_catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kInstalled = fs::path(PAIR_SOURCE_DIR) / "share" / "pair" / "models-catalog.json";

json valid_entry() {
  return json::parse(R"({
    "name": "hybrid-moe", "label": "Hybrid-MoE Q4_K_M", "hf": "acme/Hybrid-MoE-GGUF:Q4_K_M",
    "bytes": 21000000000, "parameters": {"total": 36000000000, "active": 3000000000}, "tier_gb": 32,
    "note": "A test model.", "source": "https://example.com/card", "shape_source": "https://example.com/config",
    "shape": {"architecture": "qwen35moe", "layers": 40, "full_attention_layers": 10, "recurrent_layers": 30,
              "sliding_window_layers": 0, "sliding_window": 0,
              "recurrent": {"conv_kernel": 4, "inner_size": 4096, "state_size": 128, "group_count": 16,
                            "time_step_rank": 32},
              "heads": 16, "kv_heads": 2, "head_dim": 256, "embedding": 2048, "vocab": 248320,
              "experts": 256, "experts_used": 8, "expert_bytes_share": 0.9, "native_context": 262144}})");
}

std::string catalog_of(const std::vector<json>& entries) {
  json j = {{"format", 1}, {"models", entries}};
  return j.dump(2);
}

/// The error for a catalog holding `entry` alone ("" when it parses).
std::string error_for(const json& entry) {
  auto r = parse_model_catalog(catalog_of({entry}), "/c/models-catalog.json");
  return r ? "" : r.error().message;
}

TEST(ModelCatalog, TheInstalledFileParsesAndEveryEntryHasItsSources) {
  auto text = read_file_to_string(kInstalled);
  ASSERT_TRUE(text.has_value()) << kInstalled;
  auto catalog = parse_model_catalog(*text, kInstalled.string());
  ASSERT_TRUE(catalog.has_value()) << catalog.error().message;
  std::vector<std::string> names;
  for (const auto& m : catalog->models) {
    names.push_back(m.name);
    EXPECT_NE(m.source.find("https://"), std::string::npos) << m.name << ": the source needs a URL";
    EXPECT_FALSE(m.shape_source.empty()) << m.name;
    EXPECT_GT(m.shape.native_context, 0u) << m.name;
  }
  // The models of issue 21's table, and small ones for machines under 8 GB.
  for (const char* want : {"qwen3.5-9b", "gpt-oss-20b", "qwen3.6-35b-a3b", "qwen3-coder-next", "qwen3.5-122b-a10b",
                           "gpt-oss-120b", "qwen2.5-coder-3b", "qwen2.5-coder-1.5b"})
    EXPECT_NE(std::find(names.begin(), names.end(), want), names.end()) << want;
  for (const auto& m : catalog->models) {
    if (m.name == "qwen3.5-9b") {
      EXPECT_NE(m.note.find("Weak at agentic work"), std::string::npos) << m.note;
      EXPECT_EQ(m.tier_gb, 8u);
      EXPECT_EQ(m.shape.recurrent_layers, 24u);
    }
    if (m.name == "gpt-oss-20b") {
      EXPECT_EQ(m.hf, "ggml-org/gpt-oss-20b-GGUF");
      EXPECT_EQ(m.shape.sliding_window, 128u);
      EXPECT_EQ(m.shape.sliding_window_layers, 12u);
      EXPECT_NE(m.source.find("2508.10925"), std::string::npos);
    }
    if (m.name == "qwen3.6-35b-a3b") {
      EXPECT_EQ(m.hf, "ggml-org/Qwen3.6-35B-A3B-GGUF:Q4_K_M");
      EXPECT_EQ(m.shape.experts, 256u);
      EXPECT_EQ(m.shape.native_context, 262144u);
    }
    if (m.name == "qwen3-coder-next") {
      EXPECT_EQ(m.shape.experts, 512u);
    }
  }
}

TEST(ModelCatalog, TheBuiltInCopyIsTheInstalledFile) {
  auto text = read_file_to_string(kInstalled);
  ASSERT_TRUE(text.has_value());
  EXPECT_EQ(builtin_model_catalog(), *text);
}

TEST(ModelCatalog, EveryFieldIsRequired) {
  EXPECT_EQ(error_for(valid_entry()), "");
  for (const char* key :
       {"name", "label", "hf", "bytes", "parameters", "tier_gb", "note", "source", "shape_source", "shape"}) {
    json e = valid_entry();
    e.erase(key);
    std::string err = error_for(e);
    EXPECT_NE(err.find(std::string("\"") + key + "\" is missing"), std::string::npos) << key << ": " << err;
    EXPECT_NE(err.find("/c/models-catalog.json: models[0]"), std::string::npos) << err;
  }
  for (const char* key : {"architecture", "layers", "full_attention_layers", "recurrent_layers",
                          "sliding_window_layers", "sliding_window", "heads", "kv_heads", "head_dim", "embedding",
                          "vocab", "experts", "experts_used", "expert_bytes_share", "native_context", "recurrent"}) {
    json e = valid_entry();
    e["shape"].erase(key);
    std::string err = error_for(e);
    EXPECT_NE(err.find(std::string("\"shape.") + key + "\" is missing"), std::string::npos) << key << ": " << err;
    EXPECT_NE(err.find("(\"hybrid-moe\")"), std::string::npos) << err;
  }
  json e = valid_entry();
  e["parameters"].erase("active");
  EXPECT_NE(error_for(e).find("\"parameters.active\" is missing"), std::string::npos);
  e = valid_entry();
  e["shape"]["recurrent"].erase("state_size");
  EXPECT_NE(error_for(e).find("\"shape.recurrent.state_size\" is missing"), std::string::npos);
  e = valid_entry();
  e["source"] = "";
  EXPECT_NE(error_for(e).find("\"source\" is missing or not a non-empty string"), std::string::npos);
}

TEST(ModelCatalog, RulesAcrossFields) {
  json e = valid_entry();
  e["shape"]["recurrent_layers"] = 29;
  EXPECT_NE(error_for(e).find("must equal layers (40)"), std::string::npos) << error_for(e);
  e = valid_entry();
  e["parameters"]["active"] = 40000000000;
  EXPECT_NE(error_for(e).find("parameters.active is larger than parameters.total"), std::string::npos);
  e = valid_entry();
  e["hf"] = "not a reference";
  EXPECT_NE(error_for(e).find("\"hf\": "), std::string::npos) << error_for(e);
  e = valid_entry();
  e["shape"]["experts_used"] = 0;
  EXPECT_NE(error_for(e).find("a MoE model"), std::string::npos);
  e = valid_entry();
  e["shape"]["full_attention_layers"] = 20;
  e["shape"]["recurrent_layers"] = 0;
  e["shape"]["sliding_window_layers"] = 20;
  EXPECT_NE(error_for(e).find("need a sliding_window"), std::string::npos);
  auto twice = parse_model_catalog(catalog_of({valid_entry(), valid_entry()}), "c.json");
  ASSERT_FALSE(twice.has_value());
  EXPECT_NE(twice.error().message.find("c.json: models[1]: the name \"hybrid-moe\" is used twice"), std::string::npos);
  auto format = parse_model_catalog(R"({"format": 2, "models": []})", "c.json");
  ASSERT_FALSE(format.has_value());
  EXPECT_NE(format.error().message.find("catalog format 2 is not one this pair reads"), std::string::npos);
  EXPECT_FALSE(parse_model_catalog(R"([1, 2])", "c.json").has_value());
}

TEST(ModelCatalog, MalformedJsonNamesTheFileAndPosition) {
  auto r = parse_model_catalog("{\"format\": 1,\n  \"models\": [,]}", "/c/models-catalog.json");
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("/c/models-catalog.json:2:"), std::string::npos) << r.error().message;
}

TEST(ModelCatalog, AnOverrideReplacesByNameAddsOrReplacesAll) {
  auto base = parse_model_catalog(catalog_of({valid_entry()}), "base");
  ASSERT_TRUE(base.has_value());
  json changed = valid_entry();
  changed["bytes"] = 5;
  json added = valid_entry();
  added["name"] = "other";
  auto over = parse_model_catalog(catalog_of({changed, added}), "over");
  ASSERT_TRUE(over.has_value());
  auto merged = merge_catalogs(base->models, *over);
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(merged[0].bytes, 5u);
  EXPECT_EQ(merged[1].name, "other");
  json all = {{"format", 1}, {"replace", true}, {"models", {added}}};
  auto replacing = parse_model_catalog(all.dump(), "over");
  ASSERT_TRUE(replacing.has_value());
  merged = merge_catalogs(base->models, *replacing);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_EQ(merged[0].name, "other");
}

class CatalogFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pair-catalog-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "prefix" / "bin");
    fs::create_directories(dir_ / "prefix" / "share" / "pair");
    fs::create_directories(dir_ / "config");
    exe_ = dir_ / "prefix" / "bin" / "pair";
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const fs::path& p, const std::string& text) { std::ofstream(p) << text; }
  fs::path installed() const { return dir_ / "prefix" / "share" / "pair" / "models-catalog.json"; }
  fs::path user() const { return dir_ / "config" / "models-catalog.json"; }

  fs::path dir_, exe_;
};

TEST_F(CatalogFiles, TheInstalledFileBesideTheProgramWithTheUsersLaidOver) {
  write(installed(), catalog_of({valid_entry()}));
  json mine = valid_entry();
  mine["name"] = "my-model";
  write(user(), catalog_of({mine}));
  LoadedCatalog c = load_model_catalog(exe_, user());
  EXPECT_EQ(c.installed, installed());
  EXPECT_EQ(c.user, user());
  EXPECT_TRUE(c.warnings.empty());
  ASSERT_EQ(c.models.size(), 2u);
  EXPECT_EQ(c.models[0].name, "hybrid-moe");
  EXPECT_EQ(c.models[1].name, "my-model");
}

TEST_F(CatalogFiles, AMalformedUserFileIsReportedAndTheInstalledOneUsed) {
  write(installed(), catalog_of({valid_entry()}));
  write(user(), "{\"format\": 1, \"models\": [\n  {\"name\": }\n]}");
  LoadedCatalog c = load_model_catalog(exe_, user());
  ASSERT_EQ(c.models.size(), 1u);
  EXPECT_EQ(c.models[0].name, "hybrid-moe");
  EXPECT_TRUE(c.user.empty());
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find(user().string() + ":2:"), std::string::npos) << c.warnings[0];
  EXPECT_NE(c.warnings[0].find("ignoring it and using the installed catalog"), std::string::npos) << c.warnings[0];
}

TEST_F(CatalogFiles, WithoutAnInstalledFileTheBuiltInCopy) {
  LoadedCatalog c = load_model_catalog(exe_, user());
  EXPECT_TRUE(c.installed.empty());
  EXPECT_TRUE(c.warnings.empty());
  EXPECT_GE(c.models.size(), 8u);
  write(installed(), "not json");
  c = load_model_catalog(exe_, user());
  EXPECT_GE(c.models.size(), 8u);
  ASSERT_EQ(c.warnings.size(), 1u);
  EXPECT_NE(c.warnings[0].find(installed().string() + ":1:"), std::string::npos) << c.warnings[0];
  EXPECT_NE(c.warnings[0].find("using the catalog built into pair"), std::string::npos) << c.warnings[0];
}

TEST(ModelCatalog, TheShapeTheFitTakes) {
  auto parsed = parse_model_catalog(catalog_of({valid_entry()}), "c");
  ASSERT_TRUE(parsed.has_value());
  GgufModelInfo m = catalog_model_info(parsed->models[0]);
  EXPECT_EQ(m.architecture, "qwen35moe");
  EXPECT_EQ(m.block_count, 40u);
  EXPECT_EQ(m.context_length, 262144u);
  EXPECT_EQ(m.expert_count, 256u);
  EXPECT_EQ(m.tensor_bytes, 21000000000u);
  ASSERT_EQ(m.head_count_kv.size(), 40u);
  // Full attention on every fourth layer (3, 7, ...), as llama.cpp's full_attention_interval places it.
  ASSERT_EQ(m.layer_cache.size(), 40u);
  for (size_t i = 0; i < 40; ++i) {
    EXPECT_EQ(m.head_count_kv[i], (i + 1) % 4 == 0 ? 2u : 0u) << i;
    EXPECT_EQ(m.layer_cache[i], (i + 1) % 4 == 0 ? LayerCache::kFull : LayerCache::kRecurrent) << i;
  }
  EXPECT_EQ(m.ssm_inner_size, 4096u);
  EXPECT_EQ(m.ssm_state_size, 128u);
  EXPECT_EQ(m.ssm_group_count, 16u);
  EXPECT_EQ(m.ssm_conv_kernel, 4u);
  EXPECT_EQ(m.expert_bytes, 18'900'000'000u);
  ASSERT_EQ(m.expert_bytes_by_layer.size(), 40u);
  EXPECT_EQ(m.expert_bytes_by_layer[0], 472'500'000u);

  // gpt-oss: sliding-window on the even layers, full attention on the odd ones (llama.cpp's pattern 2).
  json swa = valid_entry();
  swa["shape"].update(json::parse(R"({"architecture": "gpt-oss", "layers": 24, "full_attention_layers": 12,
      "recurrent_layers": 0, "sliding_window_layers": 12, "sliding_window": 128, "heads": 64, "kv_heads": 8,
      "head_dim": 64})"));
  auto gpt = parse_model_catalog(catalog_of({swa}), "c");
  ASSERT_TRUE(gpt.has_value()) << gpt.error().message;
  GgufModelInfo g = catalog_model_info(gpt->models[0]);
  EXPECT_EQ(g.sliding_window, 128u);
  ASSERT_EQ(g.layer_cache.size(), 24u);
  for (size_t i = 0; i < 24; ++i) {
    EXPECT_EQ(g.layer_cache[i], i % 2 == 0 ? LayerCache::kSliding : LayerCache::kFull) << i;
    EXPECT_EQ(g.head_count_kv[i], 8u) << i;
  }
  EXPECT_EQ(g.layers_with(LayerCache::kSliding), 12u);
}

TEST(ModelCatalog, ADenseModelHasNoExperts) {
  json dense = valid_entry();
  dense["shape"].update(json::parse(R"({"experts": 0, "experts_used": 0, "expert_bytes_share": 0,
      "full_attention_layers": 40, "recurrent_layers": 0})"));
  auto parsed = parse_model_catalog(catalog_of({dense}), "c");
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  GgufModelInfo m = catalog_model_info(parsed->models[0]);
  EXPECT_EQ(m.expert_bytes, 0u);
  EXPECT_TRUE(m.expert_bytes_by_layer.empty());
  EXPECT_EQ(m.layers_with(LayerCache::kFull), 40u);
}

}  // namespace
}  // namespace pair
