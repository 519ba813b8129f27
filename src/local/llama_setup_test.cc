#include "local/llama_setup.h"

#include <gtest/gtest.h>

#include "util/scoped_env.h"
#include "util/scoped_temp_dir.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class LlamaSetupTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_FALSE(tmp_.path().empty()); }
  void write(const fs::path& p, const std::string& text) { tmp_.write(p, text); }

  testing::ScopedTempDir tmp_{"pair-llama-setup"};
  fs::path root_ = tmp_.path();
  testing::ScopedEnv prefix_root_{"PAIR_LLAMA_PREFIX", (root_ / "llama").string()};
  testing::ScopedEnv no_server_{"PAIR_LLAMA_SERVER", ""};
  testing::ScopedEnv no_script_{"PAIR_LLAMA_SCRIPT", ""};
};

TEST_F(LlamaSetupTest, FindsTheInstalledScriptBesideTheProgram) {
  write(root_ / "usr" / "share" / "pair" / "llama-cpp.sh", "exit 0\n");
  auto found = find_llama_script(root_ / "usr" / "bin" / "pair");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, root_ / "usr" / "share" / "pair" / "llama-cpp.sh");
}

TEST_F(LlamaSetupTest, FindsTheSourceTreeScriptFromABuildFolder) {
  write(root_ / "src" / "scripts" / "llama-cpp.sh", "exit 0\n");
  auto found = find_llama_script(root_ / "src" / "build" / "src" / "app" / "pair");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, root_ / "src" / "scripts" / "llama-cpp.sh");
}

TEST_F(LlamaSetupTest, TheEnvironmentNamesAnotherScript) {
  write(root_ / "mine.sh", "exit 0\n");
  write(root_ / "usr" / "share" / "pair" / "llama-cpp.sh", "exit 0\n");
  testing::ScopedEnv env("PAIR_LLAMA_SCRIPT", (root_ / "mine.sh").string());
  auto found = find_llama_script(root_ / "usr" / "bin" / "pair");
  ASSERT_TRUE(found.has_value()) << found.error().message;
  EXPECT_EQ(*found, root_ / "mine.sh");
}

TEST_F(LlamaSetupTest, AMissingScriptSaysWhereItLookedAndWhatToDo) {
  auto found = find_llama_script(root_ / "usr" / "bin" / "pair");
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, ErrorCode::kNotFound);
  EXPECT_NE(found.error().message.find((root_ / "usr" / "share" / "pair" / "llama-cpp.sh").string()), std::string::npos)
      << found.error().message;
  EXPECT_NE(found.error().message.find("PAIR_LLAMA_SCRIPT"), std::string::npos) << found.error().message;
  // What to do names how a user installs pair, not a source tree's scripts.
  EXPECT_NE(found.error().message.find("npm install -g pair-programmer"), std::string::npos) << found.error().message;
  EXPECT_EQ(found.error().message.find("scripts/install.sh from its source tree"), std::string::npos);
}

TEST_F(LlamaSetupTest, RunsTheScriptPassesItsProgressOnAndFindsTheInstall) {
  // A stand-in for the real build: progress on stderr, a complete prefix, its path on stdout.
  write(root_ / "fake.sh",
        "echo '[llama.cpp] building llama-server' >&2\n"
        "p=\"$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu\"\n"
        "mkdir -p \"$p/bin\" && touch \"$p/bin/llama-server\" \"$p/.complete\"\n"
        "echo \"$p\"\n");
  std::string seen;
  auto r = setup_llama_cpp(root_ / "fake.sh", false, [&](std::string_view s) { seen += s; });
  ASSERT_TRUE(r.has_value()) << r.error().message;
  EXPECT_EQ(r->version, "3.22.1-abc1234");
  EXPECT_EQ(r->server, root_ / "llama" / "3.22.1-abc1234-cpu" / "bin" / "llama-server");
  EXPECT_NE(seen.find("[llama.cpp] building llama-server"), std::string::npos) << seen;
}

TEST_F(LlamaSetupTest, AChosenBackendReachesTheScriptAndIsTheInstallFound) {
  // The stand-in builds the backend it is told; a CPU build is there already.
  write(root_ / "backend.sh",
        "p=\"$PAIR_LLAMA_PREFIX/3.22.1-abc1234-${PAIR_LLAMA_BACKEND:-unset}\"\n"
        "mkdir -p \"$p/bin\" \"$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu/bin\"\n"
        "touch \"$p/bin/llama-server\" \"$p/.complete\" \"$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu/bin/llama-server\" "
        "\"$PAIR_LLAMA_PREFIX/3.22.1-abc1234-cpu/.complete\"\n");
  auto cuda = setup_llama_cpp(root_ / "backend.sh", false, {}, {}, LlamaBackend::kCuda);
  ASSERT_TRUE(cuda.has_value()) << cuda.error().message;
  EXPECT_EQ(cuda->backend, "cuda");
  auto cpu = setup_llama_cpp(root_ / "backend.sh", true, {}, {}, LlamaBackend::kCpu);
  ASSERT_TRUE(cpu.has_value()) << cpu.error().message;
  EXPECT_EQ(cpu->backend, "cpu");
}

TEST_F(LlamaSetupTest, AFailedBuildGivesItsLastLine) {
  write(root_ / "fail.sh", "echo '[llama.cpp] npm is needed to fetch the llama.cpp source' >&2\nexit 1\n");
  auto r = setup_llama_cpp(root_ / "fail.sh", false, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_NE(r.error().message.find("(exit 1): [llama.cpp] npm is needed"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace pair
