#include "app/acp_prompt_images.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

#include "util/atomic_file.h"
#include "util/base64.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

/// The start of a PNG file: enough for its type to be known.
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 29);

class AcpPromptImagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("pair-acp-images-" + std::to_string(::getpid())) / "images";
    fs::remove_all(dir_.parent_path());
  }
  void TearDown() override { fs::remove_all(dir_.parent_path()); }
  fs::path dir_;
};

TEST_F(AcpPromptImagesTest, EachImageIsAPrivateFileOfItsOwnWithItsBytes) {
  auto files = write_prompt_images({{"image/png", base64_encode(kPng)}, {"image/png", base64_encode(kPng)}}, dir_);
  ASSERT_TRUE(files.has_value()) << files.error().message;
  ASSERT_EQ(files->size(), 2u);
  EXPECT_NE((*files)[0], (*files)[1]) << "the same picture twice is two files, each its turn's to remove";
  for (const auto& f : *files) {
    EXPECT_EQ(f.parent_path(), dir_);
    EXPECT_EQ(f.extension(), ".png");
    EXPECT_EQ(read_file_to_string(f).value_or(""), kPng);
    struct stat st {};
    ASSERT_EQ(::stat(f.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u) << f;
  }
  struct stat st {};
  ASSERT_EQ(::stat(dir_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0077, 0u) << "the directory is private";
}

TEST_F(AcpPromptImagesTest, DataThatIsNotWhatItClaimsIsRefusedAndNothingIsLeft) {
  auto not_base64 = write_prompt_images({{"image/png", base64_encode(kPng)}, {"image/png", "%%%"}}, dir_);
  ASSERT_FALSE(not_base64.has_value());
  EXPECT_EQ(not_base64.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(not_base64.error().message.find("image 2"), std::string::npos) << not_base64.error().message;
  EXPECT_TRUE(!fs::exists(dir_) || fs::is_empty(dir_)) << "the first image's file was removed";

  auto wrong_type = write_prompt_images({{"image/jpeg", base64_encode(kPng)}}, dir_);
  ASSERT_FALSE(wrong_type.has_value());
  EXPECT_EQ(wrong_type.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(wrong_type.error().message.find("image/png"), std::string::npos) << wrong_type.error().message;
  auto not_an_image = write_prompt_images({{"image/png", base64_encode("just text")}}, dir_);
  ASSERT_FALSE(not_an_image.has_value());
}

}  // namespace
}  // namespace pair
