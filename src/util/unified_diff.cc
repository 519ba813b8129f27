#include "util/unified_diff.h"

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace pair {
namespace {

/// The longest edit script searched for; the comparison's memory grows with
/// its square (about 16 MB at this size).
constexpr size_t kMaxEdits = 2000;

/// Lines with their newline (the last one may lack it).
std::vector<std::string_view> lines_of(std::string_view s) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t end = nl == std::string_view::npos ? s.size() : nl + 1;
    lines.push_back(s.substr(start, end - start));
    start = end;
  }
  return lines;
}

/// Marks which lines of `a` are removed and which of `b` added, by Myers'
/// greedy shortest-edit-script search. Returns false (marking nothing) when
/// the script is longer than `max_edits`.
bool shortest_edit(const int* a, int n, const int* b, int m, int max_edits, std::vector<char>& removed,
                   std::vector<char>& added) {
  const int offset = max_edits + 1;
  std::vector<int> v(2 * static_cast<size_t>(max_edits) + 3, 0);
  // trace[d] holds v[-d..d] as it was after step d: enough to walk back.
  std::vector<std::vector<int>> trace;
  int found = -1;
  for (int d = 0; d <= max_edits && found < 0; ++d) {
    for (int k = -d; k <= d; k += 2) {
      int* vk = &v[static_cast<size_t>(offset + k)];
      int x = (k == -d || (k != d && vk[-1] < vk[1])) ? vk[1] : vk[-1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      *vk = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    if (found < 0) trace.emplace_back(v.begin() + offset - d, v.begin() + offset + d + 1);
  }
  if (found < 0) return false;

  std::vector<std::pair<char, int>> marks;  // collected first: nothing is marked on failure
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const std::vector<int>& prev = trace[static_cast<size_t>(d - 1)];
    auto at = [&](int k) { return prev[static_cast<size_t>(k + d - 1)]; };
    int k = x - y;
    bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    int prev_k = down ? k + 1 : k - 1;
    int prev_x = at(prev_k), prev_y = prev_x - prev_k;
    if (prev_x < 0 || prev_y < 0 || prev_x > n || prev_y > m) return false;  // cannot happen
    while (x > prev_x && y > prev_y) --x, --y;
    marks.emplace_back(down ? '+' : '-', down ? prev_y : prev_x);
    x = prev_x;
    y = prev_y;
  }
  for (auto [tag, index] : marks) (tag == '+' ? added : removed)[static_cast<size_t>(index)] = 1;
  return true;
}

struct Op {
  char tag;        // ' ', '-', '+'
  size_t old_pos;  // index of this (or, for '+', the next) old line
  size_t new_pos;  // index of this (or, for '-', the next) new line
};

void append_range(std::string& out, char sign, size_t start, size_t count) {
  out += sign;
  out += std::to_string(count == 0 ? start : start + 1);
  if (count != 1) out += "," + std::to_string(count);
}

void append_line(std::string& out, char tag, std::string_view line) {
  out += tag;
  if (!line.empty() && line.back() == '\n') {
    out.append(line);
  } else {
    out.append(line);
    out += "\n\\ No newline at end of file\n";
  }
}

}  // namespace

UnifiedDiff unified_diff(std::string_view old_text, std::string_view new_text, std::string_view path,
                         const DiffOptions& options) {
  UnifiedDiff result;
  if (old_text == new_text) return result;
  std::vector<std::string_view> a = lines_of(old_text), b = lines_of(new_text);

  // Common lines at both ends need no search.
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
    ++suffix;
  size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;

  // Compare the middle as numbers: one id per distinct line.
  std::unordered_map<std::string_view, int> ids;
  std::vector<int> a_ids(n), b_ids(m);
  for (size_t i = 0; i < n; ++i) a_ids[i] = ids.emplace(a[prefix + i], static_cast<int>(ids.size())).first->second;
  for (size_t j = 0; j < m; ++j) b_ids[j] = ids.emplace(b[prefix + j], static_cast<int>(ids.size())).first->second;

  std::vector<char> removed(n, 0), added(m, 0);
  size_t budget_edits = options.max_work / std::max<size_t>(1, n + m);
  int max_edits = static_cast<int>(std::min(kMaxEdits, budget_edits));
  if (n == 0 || m == 0 ||
      !shortest_edit(a_ids.data(), static_cast<int>(n), b_ids.data(), static_cast<int>(m), max_edits, removed, added)) {
    std::fill(removed.begin(), removed.end(), 1);
    std::fill(added.begin(), added.end(), 1);
    result.approximate = n != 0 && m != 0;
  }

  // The edit script over the middle, with up to `context` common lines around it.
  const size_t context = options.context_lines;
  std::vector<Op> ops;
  for (size_t i = prefix - std::min(prefix, context); i < prefix; ++i) ops.push_back({' ', i, i});
  for (size_t i = 0, j = 0; i < n || j < m;) {
    if (i < n && removed[i]) {
      ops.push_back({'-', prefix + i, prefix + j});
      ++i;
      ++result.lines_removed;
    } else if (j < m && added[j]) {
      ops.push_back({'+', prefix + i, prefix + j});
      ++j;
      ++result.lines_added;
    } else {
      ops.push_back({' ', prefix + i, prefix + j});
      ++i, ++j;
    }
  }
  for (size_t s = 0; s < std::min(suffix, context); ++s) ops.push_back({' ', prefix + n + s, prefix + m + s});

  std::string& out = result.text;
  // A path outside the workspace is absolute: shown as it is, not as "b//tmp/x".
  bool absolute = path.starts_with('/');
  out +=
      options.old_missing ? std::string("--- /dev/null\n") : (absolute ? "--- " : "--- a/") + std::string(path) + "\n";
  out +=
      options.new_missing ? std::string("+++ /dev/null\n") : (absolute ? "+++ " : "+++ b/") + std::string(path) + "\n";

  // Hunks: runs of changes whose gaps are at most 2 * context common lines.
  size_t pos = 0;
  while (pos < ops.size()) {
    size_t first_change = pos;
    while (first_change < ops.size() && ops[first_change].tag == ' ') ++first_change;
    if (first_change == ops.size()) break;
    size_t begin = first_change - std::min(context, first_change - pos);
    size_t last_change = first_change;
    for (size_t i = first_change + 1; i < ops.size(); ++i) {
      if (ops[i].tag == ' ') continue;
      if (i - last_change - 1 > 2 * context) break;
      last_change = i;
    }
    size_t end = std::min(ops.size(), last_change + 1 + context);

    size_t old_count = 0, new_count = 0;
    for (size_t i = begin; i < end; ++i) {
      if (ops[i].tag != '+') ++old_count;
      if (ops[i].tag != '-') ++new_count;
    }
    out += "@@ ";
    append_range(out, '-', ops[begin].old_pos, old_count);
    out += ' ';
    append_range(out, '+', ops[begin].new_pos, new_count);
    out += " @@\n";
    for (size_t i = begin; i < end; ++i) {
      const Op& op = ops[i];
      append_line(out, op.tag, op.tag == '+' ? b[op.new_pos] : a[op.old_pos]);
    }
    pos = end;
  }
  return result;
}

}  // namespace pair
