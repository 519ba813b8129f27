#pragma once
/// Notices as a person reads them: one line each, never without the end that
/// says what is wrong (a path, a cause), and a run of identical ones shown once.

#include <cstddef>
#include <string>
#include <string_view>

namespace pair {

/// `text` in at most `max_bytes` bytes: when longer, its start and its end
/// joined by "…" (the middle goes), cut on UTF-8 boundaries. The end gets
/// the larger share: it holds the path or the cause.
std::string shorten_middle(std::string_view text, size_t max_bytes);

/// Tells the first of a run of identical notices from its repeats, so a
/// retry that fails the same way again adds no new line.
class RepeatFilter {
 public:
  /// True when `text` differs from the notice before it (show it); false
  /// for a repeat. Counts the run either way.
  bool is_new(std::string_view text);
  /// How many times in a row the last notice came (0 before any).
  int repeats() const { return count_; }

 private:
  std::string last_;
  int count_ = 0;
};

}  // namespace pair
