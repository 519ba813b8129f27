#include "util/byte_size.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ByteSize, DataInDecimalUnits) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1), "1 byte");
  EXPECT_EQ(format_bytes(999), "999 bytes");
  EXPECT_EQ(format_bytes(1'500), "1.5 kB");
  EXPECT_EQ(format_bytes(812'000'000), "812.0 MB");
  EXPECT_EQ(format_bytes(4'683'000'000), "4.68 GB");
}

TEST(ByteSize, MemoryInBinaryUnits) {
  EXPECT_EQ(format_gib(4724464025ull), "4.4 GiB");
  EXPECT_EQ(format_gib(12ull << 30), "12 GiB");
  EXPECT_EQ(format_gib(96ull << 20), "96 MiB");
}

}  // namespace
}  // namespace pair
