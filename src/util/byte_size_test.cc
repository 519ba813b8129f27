#include "util/byte_size.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(ByteSize, ExactBelowOneKiB) {
  EXPECT_EQ(format_bytes(0), "0 bytes");
  EXPECT_EQ(format_bytes(1), "1 byte");
  EXPECT_EQ(format_bytes(1023), "1023 bytes");
}

TEST(ByteSize, BinaryUnitsWithThreeSignificantDigits) {
  EXPECT_EQ(format_bytes(1024), "1.00 KiB");
  EXPECT_EQ(format_bytes(1'500), "1.46 KiB");
  EXPECT_EQ(format_bytes(78'400'000), "74.8 MiB");  // the same file in model info and model fit
  EXPECT_EQ(format_bytes(4'683'000'000), "4.36 GiB");
  EXPECT_EQ(format_bytes(149ull << 30), "149 GiB");
  EXPECT_EQ(format_bytes(96ull << 20), "96.0 MiB");
  EXPECT_EQ(format_bytes(3ull << 40), "3.00 TiB");
}

TEST(ByteSize, RoundingNeverShowsTheNextUnitsWorth) {
  EXPECT_EQ(format_bytes((1ull << 30) - 1), "1.00 GiB");         // not "1024 MiB"
  EXPECT_EQ(format_bytes(10ull * 1024 * 1024 - 1), "10.0 MiB");  // not "10.00 MiB"
  EXPECT_EQ(format_bytes(100ull * 1024 * 1024 - 1), "100 MiB");
}

TEST(ByteSize, MemoryReadsLikeFiles) {
  EXPECT_EQ(format_gib(22ull << 30), format_bytes(22ull << 30));
  EXPECT_EQ(format_gib(22ull << 30), "22.0 GiB");
}

}  // namespace
}  // namespace pair
