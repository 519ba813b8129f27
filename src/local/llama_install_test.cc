#include "local/llama_install.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace pair {
namespace {
namespace fs = std::filesystem;

void make_prefix(const fs::path& root, const std::string& name, bool complete) {
  fs::create_directories(root / name / "bin");
  std::ofstream(root / name / "bin" / "llama-server") << "#!/bin/sh\n";
  if (complete) std::ofstream(root / name / ".complete");
}

TEST(LlamaInstall, ParsesPrefixNames) {
  auto p = parse_prefix_name("3.22.1-de3ff81-cuda");
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->version, (std::vector<int>{3, 22, 1}));
  EXPECT_EQ(p->commit, "de3ff81");
  EXPECT_EQ(p->backend, "cuda");
  EXPECT_FALSE(parse_prefix_name("3.22.1-de3ff81-cpu.tmp").has_value() &&
               parse_prefix_name("3.22.1-de3ff81-cpu.tmp")->backend == "cpu");
  EXPECT_FALSE(parse_prefix_name("bench-small.gguf").has_value());
  EXPECT_FALSE(parse_prefix_name("x.y-abc-cpu").has_value());
}

TEST(LlamaInstall, PicksTheNewestCompletePrefix) {
  fs::path root = fs::temp_directory_path() / ("pair-llama-" + std::to_string(::getpid()));
  fs::remove_all(root);
  make_prefix(root, "3.9.0-aaaaaaa-cpu", true);
  make_prefix(root, "3.22.1-bbbbbbb-cpu", true);
  make_prefix(root, "3.22.1-bbbbbbb-cuda", true);
  make_prefix(root, "3.30.0-ccccccc-cpu", false);  // still building
  std::ofstream(root / "tiny.gguf");
  EXPECT_EQ(best_llama_prefix(root, false)->filename(), "3.22.1-bbbbbbb-cpu");
  EXPECT_EQ(best_llama_prefix(root, true)->filename(), "3.22.1-bbbbbbb-cuda");
  EXPECT_FALSE(best_llama_prefix(root / "none", true).has_value());
  fs::remove_all(root);
}

TEST(LlamaInstall, DetectsAmx) {
  EXPECT_TRUE(cpu_has_amx("processor : 0\nflags\t\t: fpu vme avx512f amx_bf16 amx_tile amx_int8\n"));
  EXPECT_FALSE(cpu_has_amx("processor : 0\nflags\t\t: fpu vme avx512f avx512_bf16\n"));
  EXPECT_FALSE(cpu_has_amx(""));
}

}  // namespace
}  // namespace pair
