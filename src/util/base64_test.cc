#include "util/base64.h"

#include <gtest/gtest.h>

#include <vector>

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

TEST(Base64, DecodesWhatItEncodesPaddedOrNot) {
  for (const std::string& bytes :
       std::vector<std::string>{"", "f", "fo", "foo", "foob", "fooba", "foobar", std::string("\0\xff\x10", 3)}) {
    std::string encoded = base64_encode(bytes);
    EXPECT_EQ(base64_decode(encoded), bytes) << encoded;
    while (encoded.ends_with('=')) encoded.pop_back();
    EXPECT_EQ(base64_decode(encoded), bytes) << encoded;
  }
}

TEST(Base64, RefusesWhatIsNotBase64) {
  for (std::string_view bad : {"Zm9v!", "Zm=9v", "Z", "Zm9vY", "Zm9v\n"})
    EXPECT_EQ(base64_decode(bad), std::nullopt) << bad;
}

}  // namespace
}  // namespace pair
