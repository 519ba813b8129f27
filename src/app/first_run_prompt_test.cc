#include "app/first_run_prompt.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "config/models_config.h"
#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class FirstRunPrompt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pair-first-run-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    facts_.memory.ram_total = 32ull << 30;
    facts_.memory.ram_available = 24ull << 30;
    ModelRecommendation r;
    r.label = "Test-Coder-7B Q4_K_M";
    r.hf = "acme/Test-Coder-7B-GGUF:Q4_K_M";
    r.name = "test-coder";
    r.approx_bytes = 4'700'000'000ull;
    facts_.recommendation = r;
    hooks_.download_size = [](const std::string&) -> Result<uint64_t> { return uint64_t{4'683'073'184}; };
    hooks_.download = [this](const std::string& hf) -> Result<void> {
      downloaded_ = hf;
      return {};
    };
    hooks_.check_gguf = [](const std::string& path) -> Result<std::string> {
      if (path.ends_with(".gguf")) return std::string("A llama model.");
      return fail(ErrorCode::kParse, path + ": not a GGUF file");
    };
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Runs the prompt on `input`; returns what it printed.
  std::string run(const std::string& input, Result<std::optional<NewModelEntry>>* result) {
    std::FILE* in = fmemopen(const_cast<char*>(input.data()), input.size(), "r");
    char* out_buf = nullptr;
    size_t out_size = 0;
    std::FILE* out = open_memstream(&out_buf, &out_size);
    *result = run_first_run_prompt(in, out, facts_, hooks_, dir_ / "models.json");
    std::fclose(in);
    std::fclose(out);
    std::string text(out_buf, out_size);
    std::free(out_buf);
    return text;
  }

  ModelsFile saved() {
    auto text = read_file_to_string(dir_ / "models.json");
    EXPECT_TRUE(text.has_value());
    auto f = parse_models_json(text.value_or(""), dir_ / "models.json");
    EXPECT_TRUE(f.has_value()) << f.error().message;
    return f.value_or(ModelsFile{});
  }

  fs::path dir_;
  FirstRunFacts facts_;
  FirstRunHooks hooks_;
  std::string downloaded_;
};

TEST_F(FirstRunPrompt, DownloadsTheRecommendationAfterSayingItsSize) {
  Result<std::optional<NewModelEntry>> r;
  std::string shown = run("\ny\n", &r);  // Enter takes the default choice
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_TRUE(r->has_value());
  EXPECT_NE(shown.find("1) Download Test-Coder-7B Q4_K_M"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Download acme/Test-Coder-7B-GGUF:Q4_K_M: 4.36 GiB. Continue? [Y/n]"), std::string::npos)
      << shown;
  EXPECT_EQ(downloaded_, "acme/Test-Coder-7B-GGUF:Q4_K_M");
  ModelsFile f = saved();
  ASSERT_EQ(f.models.size(), 1u);
  EXPECT_EQ(f.models[0].hf, "acme/Test-Coder-7B-GGUF:Q4_K_M");
  EXPECT_TRUE(f.models[0].is_default);
}

TEST_F(FirstRunPrompt, DecliningTheDownloadAsksAgain) {
  Result<std::optional<NewModelEntry>> r;
  std::string shown = run("1\nn\nq\n", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(downloaded_.empty());
  EXPECT_FALSE(fs::exists(dir_ / "models.json"));
}

TEST_F(FirstRunPrompt, AnExistingGgufOrServer) {
  Result<std::optional<NewModelEntry>> r;
  std::string shown = run("2\n/m/notes.txt\n2\n/m/coder.gguf\n", &r);
  ASSERT_TRUE(r.has_value() && r->has_value());
  EXPECT_NE(shown.find("/m/notes.txt: not a GGUF file"), std::string::npos) << shown;
  EXPECT_EQ(saved().models[0].gguf, "/m/coder.gguf");
  fs::remove_all(dir_);
  run("2\nhttp://gpu-box:8000/v1\nqwen3-coder\n", &r);
  ASSERT_TRUE(r.has_value() && r->has_value());
  ModelsFile f = saved();
  EXPECT_EQ(f.models[0].base_url, "http://gpu-box:8000/v1");
  EXPECT_EQ(f.models[0].model_id, "qwen3-coder");
}

TEST_F(FirstRunPrompt, ACloudModel) {
  Result<std::optional<NewModelEntry>> r;
  run("3\n\ngpt-5\n\n", &r);
  ASSERT_TRUE(r.has_value() && r->has_value());
  ModelsFile f = saved();
  EXPECT_EQ(f.models[0].name, "gpt-5");
  EXPECT_EQ(f.models[0].base_url, "https://api.openai.com/v1");
  EXPECT_EQ(f.models[0].api_key_env, "OPENAI_API_KEY");
}

TEST_F(FirstRunPrompt, EndOfInputQuits) {
  Result<std::optional<NewModelEntry>> r;
  run("", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
}

TEST_F(FirstRunPrompt, HeadlessInstructionsNameTheCommands) {
  std::string text = first_run_instructions(facts_);
  EXPECT_NE(text.find("pair model pull acme/Test-Coder-7B-GGUF:Q4_K_M --add test-coder --default"), std::string::npos);
  EXPECT_NE(text.find("about 4.38 GiB"), std::string::npos) << text;
  facts_.recommendation.reset();
  EXPECT_NE(first_run_instructions(facts_).find("too little free memory"), std::string::npos);
}

}  // namespace
}  // namespace pair
