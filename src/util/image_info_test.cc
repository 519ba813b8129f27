#include "util/image_info.h"

#include <gtest/gtest.h>

#include <string>

namespace pair {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string s;
  for (int v : values) s += static_cast<char>(v);
  return s;
}

TEST(ImageInfo, Png) {
  std::string png =
      "\x89PNG\r\n\x1A\n" + bytes({0, 0, 0, 13}) + "IHDR" + bytes({0, 0, 3, 32, 0, 0, 2, 88, 8, 6, 0, 0, 0});
  auto info = sniff_image(png);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->mime_type, "image/png");
  EXPECT_EQ(info->width, 800);
  EXPECT_EQ(info->height, 600);
}

TEST(ImageInfo, JpegSkipsMetadataToTheFrameHeader) {
  std::string jpeg = bytes({0xFF, 0xD8, 0xFF, 0xE0, 0, 16}) + "JFIF" + std::string(10, '\0') +  // APP0
                     bytes({0xFF, 0xE1, 0, 6, 1, 2, 3, 4}) +                                    // APP1
                     bytes({0xFF, 0xC2, 0, 17, 8, 0x04, 0x38, 0x07, 0x80, 3}) + std::string(9, '\0');
  auto info = sniff_image(jpeg);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->mime_type, "image/jpeg");
  EXPECT_EQ(info->width, 1920);
  EXPECT_EQ(info->height, 1080);
  // Truncated before the frame header: still a JPEG, size unknown.
  auto cut = sniff_image(jpeg.substr(0, 30));
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->width, 0);
}

TEST(ImageInfo, GifAndWebp) {
  auto gif = sniff_image("GIF89a" + bytes({0x40, 0x01, 0xF0, 0x00}) + std::string(10, '\0'));
  ASSERT_TRUE(gif.has_value());
  EXPECT_EQ(gif->mime_type, "image/gif");
  EXPECT_EQ(gif->width, 320);
  EXPECT_EQ(gif->height, 240);

  std::string lossy = "RIFF" + bytes({0, 0, 0, 0}) + "WEBPVP8 " + bytes({0, 0, 0, 0}) +
                      bytes({0, 0, 0, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0xE0, 0x01});
  auto webp = sniff_image(lossy);
  ASSERT_TRUE(webp.has_value());
  EXPECT_EQ(webp->mime_type, "image/webp");
  EXPECT_EQ(webp->width, 640);
  EXPECT_EQ(webp->height, 480);

  std::string extended = "RIFF" + bytes({0, 0, 0, 0}) + "WEBPVP8X" + bytes({10, 0, 0, 0, 0, 0, 0, 0}) +
                         bytes({0xFF, 0x0F, 0x00, 0x37, 0x08, 0x00});
  auto x = sniff_image(extended);
  ASSERT_TRUE(x.has_value());
  EXPECT_EQ(x->width, 4096);
  EXPECT_EQ(x->height, 2104);
}

TEST(ImageInfo, NotImages) {
  for (const std::string& s :
       {std::string("%PDF-1.4"), std::string("hello"), std::string(""), std::string("RIFF....WAVE")})
    EXPECT_FALSE(sniff_image(s).has_value()) << s;
}

}  // namespace
}  // namespace pair
