#include "local/hf_repo.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(HfRepo, ParsesReferences) {
  auto r = parse_hf_ref("unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->repo, "unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF");
  EXPECT_EQ(r->quant, "Q4_K_M");
  EXPECT_EQ(parse_hf_ref("https://huggingface.co/Qwen/Qwen2.5-Coder-7B-Instruct-GGUF")->repo,
            "Qwen/Qwen2.5-Coder-7B-Instruct-GGUF");
  EXPECT_EQ(parse_hf_ref("hf.co/a/b:q8_0")->quant, "q8_0");
  for (const char* bad : {"justaname", "a/b/c", "../x", "a/..", "a/b:../../etc", "a b/c", ""})
    EXPECT_FALSE(parse_hf_ref(bad).has_value()) << bad;
}

TEST(HfRepo, ParsesHubAnswers) {
  auto commit = parse_hf_refs(
      R"({"branches":[{"name":"dev","ref":"refs/heads/dev","targetCommit":"1111111111111111111111111111111111111111"},)"
      R"({"name":"main","ref":"refs/heads/main","targetCommit":"a1b2c3d4e5f60718293a4b5c6d7e8f9012345678"}],"converts":[],"tags":[]})");
  ASSERT_TRUE(commit.has_value());
  EXPECT_EQ(*commit, "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678");
  EXPECT_FALSE(parse_hf_refs(R"({"branches":[]})").has_value());
  EXPECT_FALSE(parse_hf_refs("not json").has_value());

  auto files = parse_hf_tree(R"([
    {"type":"file","oid":"abc","size":1519,"path":"README.md"},
    {"type":"directory","oid":"def","size":0,"path":"Q8_0"},
    {"type":"file","oid":"0123","size":135,"path":"m-Q4_K_M.gguf",
     "lfs":{"oid":"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08","size":4683073184,"pointerSize":135}},
    {"type":"file","path":"../escape.gguf","size":1}
  ])");
  ASSERT_TRUE(files.has_value());
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[1].size, 4683073184u);
  EXPECT_EQ((*files)[1].sha256, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
  EXPECT_TRUE((*files)[0].sha256.empty());
  EXPECT_EQ(next_page_link(R"(<https://huggingface.co/api/models/a/b/tree/main?cursor=xyz>; rel="next")"),
            "https://huggingface.co/api/models/a/b/tree/main?cursor=xyz");
  EXPECT_FALSE(next_page_link("").has_value());
}

std::vector<HfFile> repo_files() {
  return {
      {"README.md", 10, ""},
      {"Qwen3-Coder-Q4_K_M.gguf", 100, "a"},
      {"Qwen3-Coder-Q4_K_S.gguf", 90, "b"},
      {"Qwen3-Coder-Q8_0.gguf", 200, "c"},
      {"Qwen3-Coder-UD-Q4_K_XL.gguf", 110, "d"},
      {"BF16/Qwen3-Coder-BF16-00002-of-00003.gguf", 300, "g"},
      {"BF16/Qwen3-Coder-BF16-00001-of-00003.gguf", 300, "e"},
      {"BF16/Qwen3-Coder-BF16-00003-of-00003.gguf", 50, "h"},
      {"mmproj-F16.gguf", 20, "m"},
  };
}

TEST(HfRepo, SelectsTheFilesOfAQuant) {
  auto q4 = select_quant_files(repo_files(), {"u/r", "Q4_K_M"});
  ASSERT_TRUE(q4.has_value()) << q4.error().message;
  ASSERT_EQ(q4->size(), 1u);
  EXPECT_EQ(q4->front().path, "Qwen3-Coder-Q4_K_M.gguf");
  EXPECT_EQ(select_quant_files(repo_files(), {"u/r", "q8_0"})->front().path, "Qwen3-Coder-Q8_0.gguf");
  // The default is Q4_K_M.
  EXPECT_EQ(select_quant_files(repo_files(), {"u/r", ""})->front().path, "Qwen3-Coder-Q4_K_M.gguf");
  // Split models come whole, in order.
  auto bf16 = select_quant_files(repo_files(), {"u/r", "BF16"});
  ASSERT_TRUE(bf16.has_value()) << bf16.error().message;
  ASSERT_EQ(bf16->size(), 3u);
  EXPECT_EQ((*bf16)[0].path, "BF16/Qwen3-Coder-BF16-00001-of-00003.gguf");
  EXPECT_EQ((*bf16)[2].path, "BF16/Qwen3-Coder-BF16-00003-of-00003.gguf");
  // A file name works too.
  EXPECT_EQ(select_quant_files(repo_files(), {"u/r", "Qwen3-Coder-UD-Q4_K_XL.gguf"})->front().sha256, "d");
}

TEST(HfRepo, SelectionErrorsSayWhatThereIs) {
  auto none = select_quant_files(repo_files(), {"u/r", "Q2_K"});
  ASSERT_FALSE(none.has_value());
  EXPECT_NE(none.error().message.find("has no Q2_K file; it has: Q4_K_M, Q4_K_S, Q8_0, UD-Q4_K_XL, BF16"),
            std::string::npos)
      << none.error().message;
  auto missing_part = repo_files();
  missing_part.erase(missing_part.begin() + 5);
  auto broken = select_quant_files(missing_part, {"u/r", "BF16"});
  ASSERT_FALSE(broken.has_value());
  EXPECT_NE(broken.error().message.find("split in 3 parts"), std::string::npos) << broken.error().message;
  EXPECT_FALSE(select_quant_files({{"README.md", 1, ""}}, {"u/r", ""}).has_value());
  std::vector<HfFile> two = {{"a/m-Q4_K_M.gguf", 1, "x"}, {"b/m-Q4_K_M.gguf", 1, "y"}};
  auto ambiguous = select_quant_files(two, {"u/r", "Q4_K_M"});
  ASSERT_FALSE(ambiguous.has_value());
  EXPECT_NE(ambiguous.error().message.find("matches several models"), std::string::npos);
}

TEST(HfRepo, QuantOfFilename) {
  EXPECT_EQ(quant_of_filename("qwen2.5-coder-7b-instruct-q4_k_m-00001-of-00002.gguf"), "Q4_K_M");
  EXPECT_EQ(quant_of_filename("Qwen3-Coder-UD-Q4_K_XL.gguf"), "UD-Q4_K_XL");
  EXPECT_EQ(quant_of_filename("model-IQ2_M.gguf"), "IQ2_M");
  EXPECT_EQ(quant_of_filename("model.gguf"), "");
  EXPECT_EQ(url_path_escape("BF16/a b#.gguf"), "BF16/a%20b%23.gguf");
}

TEST(HfRepo, AnswersWithWrongTypesAreReadTolerantly) {
  auto files = parse_hf_tree(
      R"([7, {"type": "file", "path": "a.gguf", "size": "big", "lfs": {"oid": 5, "size": [1]}},
          {"type": ["file"], "path": "b.gguf"}, {"type": "file", "path": 3}])");
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path, "a.gguf");
  EXPECT_EQ((*files)[0].size, 0u);
  EXPECT_TRUE((*files)[0].sha256.empty());
  auto refs = parse_hf_refs(R"({"branches": [7, {"name": "main", "targetCommit": 12}]})");
  ASSERT_FALSE(refs.has_value());
  EXPECT_EQ(refs.error().message, "the repository has no branch");
  auto none = parse_hf_refs(R"({"branches": "main"})");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().message, "unexpected answer from the Hub (refs): no list of branches");
}

}  // namespace
}  // namespace pair
