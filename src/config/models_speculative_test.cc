#include <gtest/gtest.h>

#include <algorithm>

#include "config/model_entry_trust.h"
#include "config/models_config.h"

namespace pair {
namespace {

Result<ModelsFile> parse_entry(const std::string& speculative) {
  return parse_models_json("[{\"name\": \"m\",\n  \"gguf\": \"m.gguf\",\n  \"speculative\": " + speculative + "}]",
                           "/p/.pair/models.json");
}

TEST(ModelsSpeculative, AbsentLeavesTheDefault) {
  auto f = parse_models_json(R"([{"name": "m", "gguf": "m.gguf"}])", "/p/models.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->models[0].speculative.mode, SpeculativeMode::kDefault);
}

TEST(ModelsSpeculative, NgramAndOff) {
  auto ngram = parse_entry("\"ngram\"");
  ASSERT_TRUE(ngram.has_value()) << ngram.error().message;
  EXPECT_EQ(ngram->models[0].speculative.mode, SpeculativeMode::kNgram);
  auto off = parse_entry("\"off\"");
  ASSERT_TRUE(off.has_value()) << off.error().message;
  EXPECT_EQ(off->models[0].speculative.mode, SpeculativeMode::kOff);
  EXPECT_TRUE(off->warnings.empty());
}

TEST(ModelsSpeculative, DraftFileIsResolvedLikeGguf) {
  auto f = parse_entry(R"({"draft": "small.gguf", "n_max": 16, "p_min": 0.75})");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  const auto& s = f->models[0].speculative;
  EXPECT_EQ(s.mode, SpeculativeMode::kDraft);
  EXPECT_EQ(s.draft_gguf, "/p/.pair/small.gguf");
  EXPECT_TRUE(s.draft_hf.empty());
  EXPECT_EQ(s.n_max, 16);
  EXPECT_EQ(s.p_min, 0.75);
}

TEST(ModelsSpeculative, DraftFromHuggingFace) {
  auto f = parse_entry(R"({"draft": "Qwen/Qwen3-0.6B-GGUF:Q8_0"})");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  const auto& s = f->models[0].speculative;
  EXPECT_EQ(s.draft_hf, "Qwen/Qwen3-0.6B-GGUF:Q8_0");
  EXPECT_TRUE(s.draft_gguf.empty());
  EXPECT_FALSE(s.n_max.has_value());
}

TEST(ModelsSpeculative, BadValuesNameFileLineAndWhatToWrite) {
  struct Case {
    const char* value;
    const char* message;
  } cases[] = {
      {"\"fast\"", "\"speculative\" must be \"ngram\", \"off\", or {\"draft\""},
      {"true", "\"speculative\" must be \"ngram\", \"off\""},
      {R"({"n_max": 8})", "needs \"draft\": a .gguf file or a Hugging Face"},
      {R"({"draft": "small"})", "\"draft\" must be a .gguf file or \"org/repo:QUANT\", not \"small\""},
      {R"({"draft": "a.gguf", "n_max": 0})", "\"n_max\" in \"speculative\" must be a whole number from 1 to 256"},
      {R"({"draft": "a.gguf", "n_max": 2.5})", "\"n_max\" in \"speculative\" must be a whole number"},
      {R"({"draft": "a.gguf", "p_min": 1.5})", "\"p_min\" in \"speculative\" must be a number from 0 to 1"},
      {R"({"draft": "a.gguf", "pmin": 0.5})", "unknown field \"pmin\" in \"speculative\""},
  };
  for (const auto& c : cases) {
    auto f = parse_entry(c.value);
    ASSERT_FALSE(f.has_value()) << c.value;
    EXPECT_EQ(f.error().code, ErrorCode::kConfig);
    EXPECT_NE(f.error().message.find("/p/.pair/models.json:3: entry 1 (\"m\"): "), std::string::npos)
        << f.error().message;
    EXPECT_NE(f.error().message.find(c.message), std::string::npos) << c.value << ": " << f.error().message;
  }
}

TEST(ModelsSpeculative, OnlyForAModelPairServes) {
  auto f = parse_models_json(R"([{"name": "m", "url": "http://localhost:8004/v1", "speculative": "ngram"}])", "m.json");
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message.find("\"speculative\" applies to a model pair serves itself"), std::string::npos)
      << f.error().message;
}

TEST(ModelsSpeculative, ADraftModelIsAmongTheEffectsAnUntrustedProjectWithholds) {
  auto f = parse_models_json(R"([
    {"name": "file", "gguf": "/m.gguf", "speculative": {"draft": "/d.gguf"}},
    {"name": "hub", "gguf": "/m.gguf", "speculative": {"draft": "evil/drafts:Q4_K_M"}}
  ])",
                             "/p/.pair/models.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  auto file = entry_effects_needing_trust(f->models[0]);
  auto hub = entry_effects_needing_trust(f->models[1]);
  EXPECT_NE(std::find(file.begin(), file.end(), "start llama-server with the draft model /d.gguf"), file.end());
  EXPECT_NE(
      std::find(hub.begin(), hub.end(), "download the draft model evil/drafts:Q4_K_M and start llama-server with it"),
      hub.end());
}

}  // namespace
}  // namespace pair
