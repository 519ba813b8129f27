#include "util/base64.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64_encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string_view("\xFF\xFE\x00\x80", 4)), "//4AgA==");
}

TEST(Base64, DecodedSizeCountsPadding) {
  for (std::string_view bytes : {"", "f", "fo", "foo", "foob", "fooba", "foobar"})
    EXPECT_EQ(base64_decoded_size(base64_encode(bytes)), bytes.size()) << bytes;
  EXPECT_EQ(base64_decoded_size("Zm9vYg"), 4u);  // unpadded
}

}  // namespace
}  // namespace pair
