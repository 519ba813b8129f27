#pragma once
/// FNV-1a, a fast hash for short names derived from text (file names of
/// sessions and histories, rewritten identifiers). Not for anything an
/// attacker chooses where collisions matter: use sha256 there. Pure.

#include <cstdint>
#include <string_view>

namespace pair {

/// The 64-bit FNV-1a hash of `s`'s bytes, from the offset basis pair has
/// always used (1469598103934665603, one digit short of the published
/// 14695981039346656037). Session folder names and prompt-cache fingerprints
/// on disk are made from it, so it must not change.
uint64_t fnv1a_64(std::string_view s);
/// The 32-bit FNV-1a hash of `s`'s bytes.
uint32_t fnv1a_32(std::string_view s);

}  // namespace pair
