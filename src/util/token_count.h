#pragma once
/// Token counts as people read them, one rule for everything pair prints
/// (the status line, /stats, `pair model info`, `pair model fit`). Windows
/// and contexts are usually powers of two or multiples of 1024, and "4.1k"
/// for a 4,096-token window reads as a different number: an exact multiple
/// of 1024 is "Nk", anything else is exact (full form) or rounded down to
/// one decimal of a thousand (short form), never up. Pure.

#include <cstdint>
#include <string>

namespace pair {

/// The exact count with thousands separators (util/strings.h grouped_number):
/// "512", "4,096", "100,000,000".
std::string format_tokens(int64_t n);
/// For tight places (the status line): "512", "4k" (4,096), "128k"
/// (131,072), "1.2k" (1,250), "20.0k" (20,000), "150k" (150,999).
std::string format_tokens_short(int64_t n);

}  // namespace pair
