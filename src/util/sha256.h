#pragma once
/// SHA-256 (nettle's), whole or incremental: AWS request signatures, and
/// downloads hashed as they arrive to compare with the published checksum.

#include <nettle/sha2.h>

#include <string>
#include <string_view>

namespace pair {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view data);
  /// The digest as 64 lower-case hex digits. Ends the hash: call once.
  std::string hex_digest();

 private:
  sha256_ctx ctx_;
};

/// The hex digest of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace pair
