#include "local/llama_architectures.h"

#include <gtest/gtest.h>

#include <string>

#include "util/scoped_temp_dir.h"

namespace pair {
namespace {

using namespace std::string_literals;

/// Strings as a linker lays them out: NUL-terminated, some sharing a tail.
const std::string kBinary =
    "\x7f"
    "ELF\0\0llama\0qwen35moe\0gpt-oss\0build_qwen2\0"s;

TEST(LlamaArchitectures, FindsANameOnlyAsAWholeTerminatedString) {
  EXPECT_TRUE(binary_names_architecture(kBinary, "llama"));
  EXPECT_TRUE(binary_names_architecture(kBinary, "qwen35moe"));
  EXPECT_TRUE(binary_names_architecture(kBinary, "gpt-oss"));
  // "qwen2" stored as the tail of a longer string still counts: linkers merge tails.
  EXPECT_TRUE(binary_names_architecture(kBinary, "qwen2"));
  // A prefix of a name is not the name.
  EXPECT_FALSE(binary_names_architecture(kBinary, "qwen35"));
  EXPECT_FALSE(binary_names_architecture(kBinary, "gpt"));
  EXPECT_FALSE(binary_names_architecture(kBinary, "qwen9moe"));
  EXPECT_FALSE(binary_names_architecture(kBinary, ""));
}

TEST(LlamaArchitectures, ChecksTheServerAndALibllamaBesideIt) {
  testing::ScopedTempDir dir("pair-arch");
  dir.write("bin/llama-server", "\0main\0llama\0"s);
  std::filesystem::path server = dir.path() / "bin/llama-server";
  EXPECT_EQ(check_llama_architecture(server, "llama").support, ArchitectureSupport::kKnown);
  EXPECT_EQ(check_llama_architecture(server, "qwen35moe").support, ArchitectureSupport::kUnknown);
  // A build with shared libraries keeps the table in libllama.
  dir.write("lib/libllama.so.0", "\0qwen35moe\0"s);
  EXPECT_EQ(check_llama_architecture(server, "qwen35moe").support, ArchitectureSupport::kKnown);
}

TEST(LlamaArchitectures, UncheckedWhenNothingCanBeReadOrNoArchitectureIsNamedOrNoTableIsThere) {
  testing::ScopedTempDir dir("pair-arch");
  ArchitectureCheck missing = check_llama_architecture(dir.path() / "no-such-server", "llama");
  EXPECT_EQ(missing.support, ArchitectureSupport::kUnchecked);
  EXPECT_NE(missing.detail.find("no-such-server"), std::string::npos) << missing.detail;
  // A wrapper script holds no table: nothing to judge by, so no verdict.
  dir.write("bin/llama-server", "#!/bin/sh\nexec /opt/llama/llama-server \"$@\"\n");
  ArchitectureCheck wrapper = check_llama_architecture(dir.path() / "bin/llama-server", "qwen35moe");
  EXPECT_EQ(wrapper.support, ArchitectureSupport::kUnchecked);
  EXPECT_NE(wrapper.detail.find("no table of architectures"), std::string::npos) << wrapper.detail;
  dir.write("llama-server", "\0llama\0"s);
  ArchitectureCheck unnamed = check_llama_architecture(dir.path() / "llama-server", "");
  EXPECT_EQ(unnamed.support, ArchitectureSupport::kUnchecked);
  EXPECT_NE(unnamed.detail.find("general.architecture"), std::string::npos) << unnamed.detail;
}

TEST(LlamaArchitectures, AdviceNamesTheReleaseNeededWhenTheTableKnowsIt) {
  LlamaInstall built;
  built.version = "3.21.0-abc1234";
  ArchitectureAdvice known = unknown_architecture_advice("qwen3next", built);
  EXPECT_NE(known.problem.find("\"qwen3next\""), std::string::npos) << known.problem;
  EXPECT_NE(known.problem.find("(3.21.0-abc1234)"), std::string::npos) << known.problem;
  EXPECT_NE(known.fix.find("b7186"), std::string::npos) << known.fix;
  EXPECT_NE(known.fix.find("pair setup llama.cpp"), std::string::npos) << known.fix;
  // A llama-server named by PAIR_LLAMA_SERVER has no version: its path names it.
  LlamaInstall named;
  named.server = "/opt/llama/llama-server";
  ArchitectureAdvice unlisted = unknown_architecture_advice("madeup9", named);
  EXPECT_NE(unlisted.problem.find("(/opt/llama/llama-server)"), std::string::npos) << unlisted.problem;
  EXPECT_NE(unlisted.fix.find("newer than this one"), std::string::npos) << unlisted.fix;
  EXPECT_NE(unlisted.fix.find("PAIR_LLAMA_SERVER"), std::string::npos) << unlisted.fix;
  EXPECT_TRUE(first_llama_release("madeup9").empty());
  EXPECT_FALSE(first_llama_release("qwen35moe").empty());
}

}  // namespace
}  // namespace pair
