#include "local/local_model.h"

#include <gtest/gtest.h>

#include "util/scoped_env.h"
#include "util/scoped_temp_dir.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class DraftPathTest : public ::testing::Test {
 protected:
  ModelConfig entry() const {
    ModelConfig m;
    m.name = "m";
    m.gguf = (root_ / "m.gguf").string();
    m.source = "/p/.pair/models.json";
    m.speculative.mode = SpeculativeMode::kDraft;
    return m;
  }

  testing::ScopedTempDir tmp_{"pair-draft-path"};
  fs::path root_ = tmp_.path();
  testing::ScopedEnv models_{"PAIR_MODELS_DIR", (root_ / "models").string()};
};

TEST_F(DraftPathTest, NoDraftModelNoPath) {
  ModelConfig m = entry();
  m.speculative.mode = SpeculativeMode::kNgram;
  auto p = resolve_draft_path(m, {});
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(*p, "");
  m = entry();
  m.server = ServerKind::kVllm;  // vLLM fetches its draft model itself
  m.speculative.draft_hf = "Qwen/Qwen3-0.6B";
  p = resolve_draft_path(m, {});
  ASSERT_TRUE(p.has_value()) << p.error().message;
  EXPECT_EQ(*p, "");
}

TEST_F(DraftPathTest, AFileMustExist) {
  ModelConfig m = entry();
  m.speculative.draft_gguf = (root_ / "d.gguf").string();
  auto missing = resolve_draft_path(m, {});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message.find("the draft model of \"m\": no file " + (root_ / "d.gguf").string() +
                                         " (\"speculative.draft\" in /p/.pair/models.json)"),
            std::string::npos)
      << missing.error().message;
  tmp_.write(root_ / "d.gguf", "GGUF");
  auto found = resolve_draft_path(m, {});
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, (root_ / "d.gguf").string());
}

TEST_F(DraftPathTest, AHuggingFaceDraftIsPulledLikeTheModel) {
  ModelConfig m = entry();
  m.speculative.draft_hf = "Qwen/Qwen3-0.6B-GGUF:Q8_0";
  LocalModelOptions o;
  o.allow_pull = false;
  auto p = resolve_draft_path(m, o);
  ASSERT_FALSE(p.has_value());
  EXPECT_EQ(p.error().code, ErrorCode::kNotFound);
  EXPECT_NE(p.error().message.find("the draft model of \"m\" (Qwen/Qwen3-0.6B-GGUF:Q8_0) has not been downloaded; "
                                   "run: pair model pull Qwen/Qwen3-0.6B-GGUF:Q8_0"),
            std::string::npos)
      << p.error().message;
}

}  // namespace
}  // namespace pair
