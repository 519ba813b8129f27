#include "core/prompt_images.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <fstream>

#include "util/base64.h"

namespace pair {
namespace {

namespace fs = std::filesystem;

class PromptImagesTest : public ::testing::Test {
 protected:
  PromptImagesTest() {
    std::string tmpl = (fs::temp_directory_path() / "pair-img-XXXXXX").string();
    root_ = ::mkdtemp(tmpl.data());
    write("shot.png", png_);
    write("docs/diagram.gif", gif_);
    write("notes.md", "# notes");
  }
  ~PromptImagesTest() override { fs::remove_all(root_); }
  void write(const std::string& rel, const std::string& bytes) {
    fs::create_directories((root_ / rel).parent_path());
    std::ofstream(root_ / rel, std::ios::binary) << bytes;
  }
  PromptImages attach(std::string_view text, bool vision = true) {
    PromptImageOptions o;
    o.model_accepts_images = vision;
    o.model_name = "coder";
    o.max_bytes = 1000;
    o.fallback_hint = "analyze_media can look at it";
    return attach_prompt_images(text, root_, o);
  }

  fs::path root_;
  std::string png_ = std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x02\0\0\0\x01", 24) + "....";
  std::string gif_ = std::string("GIF89a\x05\0\x03\0", 10) + "....";
};

TEST_F(PromptImagesTest, AttachesMentionedImagesInOrder) {
  auto r = attach("compare @docs/diagram.gif with @shot.png, and read @notes.md. Again: @shot.png");
  EXPECT_EQ(r.text, "compare @docs/diagram.gif with @shot.png, and read @notes.md. Again: @shot.png");
  ASSERT_EQ(r.images.size(), 2u);
  EXPECT_EQ(r.images[0].mime_type, "image/gif");
  EXPECT_EQ(r.images[0].data_base64, base64_encode(gif_));
  EXPECT_EQ(r.images[1].mime_type, "image/png");
  EXPECT_EQ(r.images[1].data_base64, base64_encode(png_));
  EXPECT_EQ(r.notices, (std::vector<std::string>{"attached @docs/diagram.gif (GIF 5x3, 14 bytes)",
                                                 "attached @shot.png (PNG 2x1, 28 bytes)"}));
}

TEST_F(PromptImagesTest, SaysWhyAnImageWasNotAttached) {
  auto r = attach("what is in @shot.png?", /*vision=*/false);
  EXPECT_TRUE(r.images.empty());
  EXPECT_EQ(r.text,
            "what is in @shot.png?\n[@shot.png was not attached: the model coder does not take images; analyze_media "
            "can look at it]");
  write("huge.png", png_ + std::string(2000, 'x'));
  auto big = attach("@huge.png and @gone.png and @gone.txt");
  EXPECT_TRUE(big.images.empty());
  EXPECT_EQ(
      big.text,
      "@huge.png and @gone.png and @gone.txt\n"
      "[@huge.png was not attached: it is 1.98 KiB, more than the 1000 bytes limit; analyze_media can look at it]\n"
      "[@gone.png was not attached: no such file]");
  EXPECT_EQ(big.notices.size(), 2u);
}

TEST_F(PromptImagesTest, LeavesOtherAtSignsAlone) {
  auto r = attach("mail me@example.com or @someone; email@shot.png");
  EXPECT_TRUE(r.images.empty());
  EXPECT_TRUE(r.notices.empty());
  EXPECT_EQ(r.text, "mail me@example.com or @someone; email@shot.png");
  EXPECT_EQ(attach("(@shot.png)").images.size(), 1u);
  EXPECT_EQ(attach(("@" + (root_ / "shot.png").string())).images.size(), 1u);
}

TEST_F(PromptImagesTest, FilesTheReadRulesCoverAreNotAttached) {
  write("secrets/shot.png", png_);
  fs::create_symlink(root_ / "secrets/shot.png", root_ / "alias.png");
  PromptImageOptions o;
  o.model_accepts_images = true;
  o.read_check = [this](const fs::path& p) {
    std::string s = p.string();
    if (s.starts_with((root_ / "secrets").string())) return ReadDecision{ReadVerdict::kDeny, "denied by a rule"};
    if (s.ends_with(".md")) return ReadDecision{ReadVerdict::kAsk, "a rule asks"};
    return ReadDecision{};
  };
  auto r = attach_prompt_images("@secrets/shot.png @alias.png @notes.md @shot.png", root_, o);
  ASSERT_EQ(r.images.size(), 1u);
  EXPECT_EQ(r.images[0].data_base64, base64_encode(png_));
  EXPECT_EQ(r.text,
            "@secrets/shot.png @alias.png @notes.md @shot.png\n"
            "[@secrets/shot.png was not attached: denied by a rule]\n"
            "[@alias.png was not attached: denied by a rule]\n"
            "[@notes.md was not attached: a rule asks]");
}

}  // namespace
}  // namespace pair
