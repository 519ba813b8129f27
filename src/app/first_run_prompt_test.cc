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
    r.model.label = "Test-Coder-7B Q4_K_M";
    r.model.hf = "acme/Test-Coder-7B-GGUF:Q4_K_M";
    r.model.name = "test-coder";
    r.model.approx_bytes = 4'700'000'000ull;
    r.model.parameters = r.model.active_parameters = 7'000'000'000ull;
    r.model.tier_gb = 8;
    r.model.note = "A test model.";
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
  std::string run(const std::string& input, Result<FirstRunResult>* result) {
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
  Result<FirstRunResult> r;
  std::string shown = run("\ny\n", &r);  // Enter takes the default choice
  ASSERT_TRUE(r.has_value()) << r.error().message;
  ASSERT_TRUE(r->entry.has_value());
  EXPECT_NE(shown.find("1) Download Test-Coder-7B Q4_K_M"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Download acme/Test-Coder-7B-GGUF:Q4_K_M: 4.36 GiB. Continue? [Y/n]"), std::string::npos)
      << shown;
  EXPECT_EQ(downloaded_, "acme/Test-Coder-7B-GGUF:Q4_K_M");
  ModelsFile f = saved();
  ASSERT_EQ(f.models.size(), 1u);
  EXPECT_EQ(f.models[0].hf, "acme/Test-Coder-7B-GGUF:Q4_K_M");
  EXPECT_TRUE(f.models[0].is_default);
  EXPECT_FALSE(f.models[0].ctx.has_value());  // the context is chosen when the server starts
}

TEST_F(FirstRunPrompt, SaysWhyAndOffersTheNextSmaller) {
  ModelChoice small;
  small.label = "Tiny-Coder-1B Q4_K_M";
  small.hf = "acme/Tiny-Coder-1B-GGUF:Q4_K_M";
  small.name = "tiny-coder";
  small.approx_bytes = 900'000'000ull;
  small.bytes_from_hub = true;
  facts_.recommendation->smaller = small;
  Result<FirstRunResult> r;
  std::string shown = run("s\ny\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value()) << shown;
  EXPECT_NE(shown.find("about 4.38 GiB\n     the ~8 GB tier; 7B parameters (dense: all active per token)"),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("tokens/s on a CPU"), std::string::npos) << shown;
  EXPECT_NE(shown.find("     A test model.\n"), std::string::npos) << shown;
  EXPECT_NE(shown.find("  s) Download the next smaller, Tiny-Coder-1B Q4_K_M, 858 MiB (from the Hub): faster"),
            std::string::npos)
      << shown;
  EXPECT_EQ(downloaded_, "acme/Tiny-Coder-1B-GGUF:Q4_K_M");
  EXPECT_EQ(saved().models[0].name, "tiny-coder");
}

TEST_F(FirstRunPrompt, ACatalogWarningIsShownFirst) {
  facts_.catalog_warnings = {"/c/models-catalog.json:3:1: not valid JSON: ...; ignoring it"};
  Result<FirstRunResult> r;
  std::string shown = run("q\n", &r);
  EXPECT_LT(shown.find("Note: /c/models-catalog.json:3:1"), shown.find("1) Download")) << shown;
}

TEST_F(FirstRunPrompt, DecliningTheDownloadAsksAgain) {
  Result<FirstRunResult> r;
  std::string shown = run("1\nn\nq\n", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->entry.has_value());
  EXPECT_TRUE(downloaded_.empty());
  EXPECT_FALSE(fs::exists(dir_ / "models.json"));
}

TEST_F(FirstRunPrompt, AnExistingGgufOrServer) {
  Result<FirstRunResult> r;
  std::string shown = run("2\n/m/notes.txt\n2\n/m/coder.gguf\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  EXPECT_NE(shown.find("/m/notes.txt: not a GGUF file"), std::string::npos) << shown;
  EXPECT_EQ(saved().models[0].gguf, "/m/coder.gguf");
  fs::remove_all(dir_);
  run("2\nhttp://gpu-box:8000/v1\nqwen3-coder\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  ModelsFile f = saved();
  EXPECT_EQ(f.models[0].base_url, "http://gpu-box:8000/v1");
  EXPECT_EQ(f.models[0].model_id, "qwen3-coder");
}

TEST_F(FirstRunPrompt, ACloudModel) {
  Result<FirstRunResult> r;
  run("3\n\ngpt-5\n\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  ModelsFile f = saved();
  EXPECT_EQ(f.models[0].name, "gpt-5");
  EXPECT_EQ(f.models[0].base_url, "https://api.openai.com/v1");
  EXPECT_EQ(f.models[0].api_key_env, "OPENAI_API_KEY");
}

TEST_F(FirstRunPrompt, EndOfInputQuits) {
  Result<FirstRunResult> r;
  run("", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->entry.has_value());
}

TEST_F(FirstRunPrompt, LeavingSaysNothingWasSavedAndHow) {
  Result<FirstRunResult> r;
  std::string shown = run("q\n", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->end, FirstRunEnd::kQuit);
  EXPECT_NE(shown.find("Setup cancelled; nothing was saved. Run `pair` again"), std::string::npos) << shown;
  shown = run("2\n", &r);  // Ctrl+D in the middle of a question
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->end, FirstRunEnd::kQuit);
  EXPECT_NE(shown.find("Setup cancelled; nothing was saved."), std::string::npos) << shown;
  hooks_.interrupted = [] { return true; };  // Ctrl+C ended the read
  shown = run("", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->end, FirstRunEnd::kInterrupted);
  EXPECT_NE(shown.find("Setup cancelled; nothing was saved."), std::string::npos) << shown;
  EXPECT_FALSE(fs::exists(dir_ / "models.json"));
}

TEST_F(FirstRunPrompt, AnInvalidChoiceOrAnEmptyModelIdIsSaidSo) {
  Result<FirstRunResult> r;
  std::string shown = run("7\n3\n\n\ngpt-5\n\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  EXPECT_NE(shown.find("\"7\" is not one of the choices: type 1, 2, 3 or q."), std::string::npos) << shown;
  EXPECT_NE(shown.find("A model id is needed"), std::string::npos) << shown;
  EXPECT_EQ(saved().models[0].model_id, "gpt-5");
  facts_.recommendation.reset();
  fs::remove_all(dir_);
  shown = run("1\n\nq\n", &r);
  EXPECT_NE(shown.find("There is no recommended download for this machine's free memory: type 2, 3 or q."),
            std::string::npos)
      << shown;
  EXPECT_NE(shown.find("\"\" is not one of the choices: type 2, 3 or q."), std::string::npos) << shown;
}

TEST_F(FirstRunPrompt, AGgufWithoutLlamaCppOffersToBuildIt) {
  bool built = false;
  hooks_.llama_available = [&] { return built; };
  hooks_.build_llama = [&]() -> Result<void> {
    built = true;
    return {};
  };
  Result<FirstRunResult> r;
  // Declined: said why it cannot work, and asked again.
  std::string shown = run("2\n/m/coder.gguf\nn\nq\n", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->entry.has_value());
  EXPECT_NE(shown.find("no llama.cpp build was found"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Run `pair setup llama.cpp` and then `pair` again"), std::string::npos) << shown;
  EXPECT_FALSE(built);
  EXPECT_FALSE(fs::exists(dir_ / "models.json"));
  // Accepted: built, then saved.
  shown = run("2\n/m/coder.gguf\n\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  EXPECT_TRUE(built);
  EXPECT_EQ(saved().models[0].gguf, "/m/coder.gguf");
}

TEST_F(FirstRunPrompt, AFailedBuildGoesBackToTheChoice) {
  hooks_.llama_available = [] { return false; };
  hooks_.build_llama = []() -> Result<void> { return fail(ErrorCode::kIo, "cmake is not installed"); };
  Result<FirstRunResult> r;
  std::string shown = run("2\n/m/coder.gguf\ny\nq\n", &r);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->entry.has_value());
  EXPECT_NE(shown.find("llama.cpp was not built: cmake is not installed"), std::string::npos) << shown;
  EXPECT_FALSE(fs::exists(dir_ / "models.json"));
}

TEST_F(FirstRunPrompt, AServerThatDoesNotAnswerIsNamedBeforeItIsKept) {
  hooks_.url_problem = [](const std::string&) -> std::optional<std::string> { return "connection refused"; };
  Result<FirstRunResult> r;
  std::string shown = run("2\nhttp://127.0.0.1:9/v1\n\nq\n", &r);  // Enter: not kept
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->entry.has_value());
  EXPECT_NE(shown.find("Nothing answers at http://127.0.0.1:9/v1 (connection refused)"), std::string::npos) << shown;
  EXPECT_NE(shown.find("Keep it anyway? [y/N]"), std::string::npos) << shown;
  shown = run("2\nhttp://127.0.0.1:9/v1\ny\n\n", &r);
  ASSERT_TRUE(r.has_value() && r->entry.has_value());
  EXPECT_EQ(saved().models[0].base_url, "http://127.0.0.1:9/v1");
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
