#include "util/fnv1a.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

// Names already on disk were made with these values.
TEST(Fnv1a, SixtyFourBitsKeepsPairsOffsetBasis) {
  EXPECT_EQ(fnv1a_64(""), 0x14650fb0739d0383ULL);
  EXPECT_EQ(fnv1a_64("a"), 0x44bd8ad473cd9906ULL);
  EXPECT_EQ(fnv1a_64("foobar"), 0x88fad7c0a8ff07f2ULL);
}

// The reference values published with the algorithm.
TEST(Fnv1a, ThirtyTwoBitsMatchesTheReferenceValues) {
  EXPECT_EQ(fnv1a_32(""), 0x811c9dc5u);
  EXPECT_EQ(fnv1a_32("a"), 0xe40c292cu);
  EXPECT_EQ(fnv1a_32("foobar"), 0xbf9cf968u);
}

}  // namespace
}  // namespace pair
