#pragma once
/// What `pair --version` prints and what the packages are versioned by: the project version
/// (CMakeLists.txt `project(... VERSION)`) and the commit the binary was built from.

#include <string>

namespace pair {
inline constexpr const char* kPairVersion = PAIR_VERSION;

/// The commit this binary was built from: 12 hex digits, with "-dirty" when tracked files
/// differed from it, "unknown" outside a git checkout, or the PAIR_COMMIT environment variable
/// at build time (cmake/write_commit.cmake generates the definition).
extern const char* const kPairCommit;

/// The `--version` line: "pair 0.1.0 (commit 0123456789ab)".
inline std::string version_line() {
  return std::string("pair ") + kPairVersion + " (commit " + kPairCommit + ")";
}
}  // namespace pair
