#pragma once

namespace pair {
inline constexpr const char* kPairVersion = PAIR_VERSION;
}  // namespace pair
