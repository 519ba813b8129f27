#include "util/paths.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "util/atomic_file.h"
#include "util/scoped_env.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

/// A temporary directory as XDG_STATE_HOME, restored afterwards.
class PrivateStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("pair-paths-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    state_home_.emplace("XDG_STATE_HOME", (root_ / "state").string());
  }
  void TearDown() override {
    state_home_.reset();
    fs::remove_all(root_);
  }
  static mode_t mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }

  fs::path root_;
  std::optional<testing::ScopedEnv> state_home_;
};

TEST_F(PrivateStateTest, NewDirectoriesArePrivateAndOldOnesInsidePairsAreMadeSo) {
  EXPECT_EQ(state_dir(), root_ / "state" / "pair");
  EXPECT_EQ(pair_dir_holding(state_dir() / "servers" / "x.log"), state_dir());
  EXPECT_TRUE(pair_dir_holding(root_ / "elsewhere").empty());

  // An older pair made these 0755.
  fs::create_directories(state_dir() / "servers");
  ::chmod((root_ / "state").c_str(), 0755);
  ::chmod(state_dir().c_str(), 0755);
  ::chmod((state_dir() / "servers").c_str(), 0755);
  ASSERT_TRUE(make_private_dir(state_dir() / "servers" / "deeper").has_value());
  EXPECT_EQ(mode(state_dir() / "servers" / "deeper"), 0700u);
  EXPECT_EQ(mode(state_dir() / "servers"), 0700u);
  EXPECT_EQ(mode(state_dir()), 0700u);
  EXPECT_EQ(mode(root_ / "state"), 0755u) << "not pair's: left alone";

  // Outside pair's directories: new ones private, existing ones untouched.
  fs::create_directories(root_ / "shared");
  ::chmod((root_ / "shared").c_str(), 0755);
  ASSERT_TRUE(make_private_dir(root_ / "shared" / "new" / "deeper").has_value());
  EXPECT_EQ(mode(root_ / "shared"), 0755u);
  EXPECT_EQ(mode(root_ / "shared" / "new"), 0700u);
  EXPECT_EQ(mode(root_ / "shared" / "new" / "deeper"), 0700u);

  std::string file = (root_ / "a-file").string();
  ASSERT_TRUE(write_file_atomically(file, "x").has_value());
  EXPECT_FALSE(make_private_dir(root_ / "a-file" / "below").has_value());
}

TEST_F(PrivateStateTest, AtomicWritesArePrivateInPairsDirectories) {
  fs::path record = state_dir() / "servers" / "port-1.json";
  ASSERT_TRUE(write_file_atomically(record, "{}").has_value());
  EXPECT_EQ(mode(record), 0600u);
  EXPECT_EQ(mode(record.parent_path()), 0700u);
  EXPECT_EQ(mode(state_dir()), 0700u);
  ::chmod(record.c_str(), 0644);  // an older pair's
  ASSERT_TRUE(write_file_atomically(record, "{}").has_value());
  EXPECT_EQ(mode(record), 0600u);

  // A workspace file keeps its mode, a new one follows the umask.
  fs::path source = root_ / "ws" / "run.sh";
  ASSERT_TRUE(write_file_atomically(source, "#!/bin/sh\n").has_value());
  mode_t mask = ::umask(022);
  ::umask(mask);
  EXPECT_EQ(mode(source), 0666u & ~mask);
  ::chmod(source.c_str(), 0755);
  ASSERT_TRUE(write_file_atomically(source, "#!/bin/sh\necho\n").has_value());
  EXPECT_EQ(mode(source), 0755u);

  // Private on request, anywhere.
  fs::path secret = root_ / "elsewhere" / "secret.json";
  ASSERT_TRUE(write_file_atomically(secret, "{}", FileAccess::kPrivate).has_value());
  EXPECT_EQ(mode(secret), 0600u);
  EXPECT_EQ(mode(secret.parent_path()), 0700u);
}

// Folders and files already on disk carry these names.
TEST(PathSlug, KeepsTheTailAndAHashOfTheWholePath) {
  EXPECT_EQ(path_slug("/home/me/project"), "home-me-project-26dd93dc");
  std::string deep = "/" + std::string(70, 'a') + "/b c";
  std::string slug = path_slug(deep);
  EXPECT_EQ(slug.substr(0, 61), std::string(56, 'a') + "-b-c-");
  EXPECT_EQ(slug.size(), 69u);
}

}  // namespace
}  // namespace pair
