#pragma once
/// Line-based unified diffs (the `diff -u` / `git diff` format) for previews
/// of file changes. Pure functions; no I/O.

#include <cstddef>
#include <string>
#include <string_view>

namespace pair {

struct DiffOptions {
  size_t context_lines = 3;
  /// Bound on the comparison work (roughly: lines examined). Past it, the
  /// regions not yet compared are shown as removed and re-added in whole: the
  /// diff stays correct, only less minimal. Keeps huge rewrites fast.
  size_t max_work = 20'000'000;
  bool old_missing = false;  ///< the file did not exist: `--- /dev/null`
  bool new_missing = false;  ///< the file is deleted: `+++ /dev/null`
};

struct UnifiedDiff {
  std::string text;  ///< empty when the texts are equal
  size_t lines_added = 0;
  size_t lines_removed = 0;
  bool approximate = false;  ///< max_work was reached; the diff is not minimal
};

/// Diffs `old_text` against `new_text` line by line, with `--- a/<path>` and
/// `+++ b/<path>` headers (an absolute path, outside the workspace, as it is:
/// `+++ /tmp/x.txt`) and hunks of `context_lines` lines of context. Lines
/// compare byte for byte, line endings included; a last line without a newline
/// is marked `\ No newline at end of file`.
UnifiedDiff unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path,
                         const DiffOptions& options = {});

}  // namespace pair
