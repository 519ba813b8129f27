#include "config/models_origin.h"

#include <gtest/gtest.h>

#include "util/scoped_env.h"
#include "util/scoped_temp_dir.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

class ModelsOriginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(tmp_.path().empty());
    ws_ = root_ / "ws";
    config_home_.emplace("XDG_CONFIG_HOME", (root_ / "config").string());
  }
  void write(const fs::path& p, const std::string& text) { tmp_.write(p, text); }

  testing::ScopedTempDir tmp_{"pair-origin"};
  fs::path root_ = tmp_.path(), ws_;
  std::optional<testing::ScopedEnv> config_home_;
};

TEST_F(ModelsOriginTest, NamesEachFile) {
  EXPECT_EQ(models_origin("", ws_), ModelsOrigin::kBuiltIn);
  EXPECT_EQ(models_origin(ws_ / ".pair" / "models.json", ws_), ModelsOrigin::kProject);
  EXPECT_EQ(models_origin(ws_ / "sub" / ".." / ".pair" / "models.json", ws_), ModelsOrigin::kProject);
  EXPECT_EQ(models_origin(root_ / "config" / "pair" / "models.json", ws_), ModelsOrigin::kUser);
  EXPECT_EQ(models_add_target_flag(ModelsOrigin::kProject), " --project");
  EXPECT_EQ(models_add_target_flag(ModelsOrigin::kUser), "");
}

TEST_F(ModelsOriginTest, TheProjectFileShadowsTheUsersWhenItIsUsed) {
  const std::string entry = R"([{"name": "a", "url": "http://127.0.0.1:9/v1"}])";
  write(root_ / "config" / "pair" / "models.json", entry);
  auto user_only = load_models(ws_, true);
  ASSERT_TRUE(user_only.has_value()) << user_only.error().message;
  EXPECT_EQ(models_origin(user_only->models.at(0).source, ws_), ModelsOrigin::kUser);
  EXPECT_FALSE(shadowed_user_models(*user_only, ws_).has_value());

  write(ws_ / ".pair" / "models.json", entry);
  auto both = load_models(ws_, true);
  ASSERT_TRUE(both.has_value()) << both.error().message;
  EXPECT_EQ(models_origin(both->models.at(0).source, ws_), ModelsOrigin::kProject);
  ASSERT_TRUE(shadowed_user_models(*both, ws_).has_value());
  EXPECT_EQ(*shadowed_user_models(*both, ws_), root_ / "config" / "pair" / "models.json");
}

}  // namespace
}  // namespace pair
