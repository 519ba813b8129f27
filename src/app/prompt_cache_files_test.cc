#include "app/prompt_cache_files.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace pair {
namespace {
namespace fs = std::filesystem;

TEST(PromptCacheFiles, OldestGoFirstUntilTheRestFitTheCap) {
  fs::path dir = fs::temp_directory_path() / ("pair-slots-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto now = fs::file_time_type::clock::now();
  for (int i = 0; i < 5; ++i) {
    fs::path f = dir / ("s" + std::to_string(i) + ".bin");
    std::ofstream(f) << std::string(1000, 'x');
    fs::last_write_time(f, now - std::chrono::minutes(10 - i));  // s0 oldest
  }
  std::ofstream(dir / "notes.txt") << std::string(5000, 'n');  // not a slot file: left alone
  EXPECT_EQ(prune_prompt_cache_files(dir, 2500), 3000u);
  EXPECT_FALSE(fs::exists(dir / "s0.bin"));
  EXPECT_FALSE(fs::exists(dir / "s2.bin"));
  EXPECT_TRUE(fs::exists(dir / "s3.bin"));
  EXPECT_TRUE(fs::exists(dir / "s4.bin"));
  EXPECT_TRUE(fs::exists(dir / "notes.txt"));
  EXPECT_EQ(prune_prompt_cache_files(dir / "missing", 0), 0u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pair
