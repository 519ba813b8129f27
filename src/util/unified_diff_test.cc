#include "util/unified_diff.h"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

namespace pair {
namespace {

std::vector<std::string> split_keep(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t nl = s.find('\n', start);
    size_t end = nl == std::string::npos ? s.size() : nl + 1;
    out.push_back(s.substr(start, end - start));
    start = end;
  }
  return out;
}

/// Applies a unified diff to `old_text` strictly (context must match); the
/// independent check that a diff says what it should.
std::string apply_patch(const std::string& old_text, const std::string& diff) {
  std::vector<std::string> old_lines = split_keep(old_text), lines = split_keep(diff), out;
  size_t next_old = 0;  // index of the next old line not yet copied
  size_t i = 2;         // past the headers
  while (i < lines.size()) {
    const std::string& h = lines[i];
    EXPECT_EQ(h.rfind("@@ -", 0), 0u) << h;
    size_t old_start = std::stoul(h.substr(4));
    size_t comma = h.find(',', 4), space = h.find(' ', 4);
    size_t old_count = comma < space ? std::stoul(h.substr(comma + 1)) : 1;
    size_t first = old_count == 0 ? old_start : old_start - 1;
    EXPECT_GE(first, next_old);
    while (next_old < first) out.push_back(old_lines[next_old++]);
    for (++i; i < lines.size() && lines[i].rfind("@@", 0) != 0; ++i) {
      std::string body = lines[i].substr(1);
      bool no_newline = i + 1 < lines.size() && lines[i + 1].rfind("\\ No newline", 0) == 0;
      if (no_newline) body.pop_back();
      char tag = lines[i][0];
      if (tag == ' ' || tag == '-') {
        EXPECT_LT(next_old, old_lines.size());
        if (next_old < old_lines.size()) {
          EXPECT_EQ(old_lines[next_old], body);
        }
        ++next_old;
      }
      if (tag == ' ' || tag == '+') out.push_back(body);
      if (no_newline) ++i;
    }
  }
  while (next_old < old_lines.size()) out.push_back(old_lines[next_old++]);
  std::string joined;
  for (const auto& l : out) joined += l;
  return joined;
}

TEST(UnifiedDiffTest, EqualTextsGiveNothing) {
  UnifiedDiff d = unified_diff("a\nb\n", "a\nb\n", "f.txt");
  EXPECT_EQ(d.text, "");
  EXPECT_EQ(d.lines_added, 0u);
  EXPECT_EQ(d.lines_removed, 0u);
}

TEST(UnifiedDiffTest, OneChangedLineWithContext) {
  std::string old_text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  std::string new_text = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  UnifiedDiff d = unified_diff(old_text, new_text, "src/n.txt");
  EXPECT_EQ(d.text,
            "--- a/src/n.txt\n+++ b/src/n.txt\n"
            "@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
  EXPECT_EQ(d.lines_added, 1u);
  EXPECT_EQ(d.lines_removed, 1u);
  EXPECT_FALSE(d.approximate);
}

TEST(UnifiedDiffTest, NewFileIsAllAdded) {
  DiffOptions o;
  o.old_missing = true;
  UnifiedDiff d = unified_diff("", "x\ny\n", "new.txt", o);
  EXPECT_EQ(d.text, "--- /dev/null\n+++ b/new.txt\n@@ -0,0 +1,2 @@\n+x\n+y\n");
  EXPECT_EQ(d.lines_added, 2u);
}

TEST(UnifiedDiffTest, AbsolutePathKeepsItsSlashWithoutPrefixes) {
  DiffOptions o;
  o.old_missing = true;
  EXPECT_EQ(unified_diff("", "x\n", "/tmp/x.txt", o).text, "--- /dev/null\n+++ /tmp/x.txt\n@@ -0,0 +1 @@\n+x\n");
  EXPECT_EQ(unified_diff("a\n", "b\n", "/tmp/x.txt").text, "--- /tmp/x.txt\n+++ /tmp/x.txt\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(UnifiedDiffTest, SingleLineRangesOmitTheCount) {
  UnifiedDiff d = unified_diff("a\n", "b\n", "f");
  EXPECT_EQ(d.text, "--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n");
}

TEST(UnifiedDiffTest, MissingFinalNewlineIsMarked) {
  UnifiedDiff d = unified_diff("a\nb", "a\nb\n", "f");
  EXPECT_EQ(d.text, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n");
  EXPECT_EQ(apply_patch("a\nb", d.text), "a\nb\n");
}

TEST(UnifiedDiffTest, DistantChangesMakeSeparateHunks) {
  std::string old_text, new_text;
  for (int i = 1; i <= 30; ++i) {
    old_text += std::to_string(i) + "\n";
    new_text += (i == 3 || i == 25 ? "x" : std::to_string(i)) + "\n";
  }
  UnifiedDiff d = unified_diff(old_text, new_text, "f");
  EXPECT_NE(d.text.find("@@ -1,6 +1,6 @@\n"), std::string::npos) << d.text;
  EXPECT_NE(d.text.find("@@ -22,7 +22,7 @@\n"), std::string::npos) << d.text;
  EXPECT_EQ(apply_patch(old_text, d.text), new_text);
}

TEST(UnifiedDiffTest, NearbyChangesShareAHunk) {
  std::string old_text = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string new_text = "1\nB\n3\n4\n5\n6\n7\nH\n9\n10\n";
  UnifiedDiff d = unified_diff(old_text, new_text, "f");
  EXPECT_EQ(d.text.find("\n@@ "), d.text.rfind("\n@@ ")) << d.text;  // one hunk
  EXPECT_EQ(apply_patch(old_text, d.text), new_text);
}

TEST(UnifiedDiffTest, MinimalForInsertionInTheMiddle) {
  UnifiedDiff d = unified_diff("a\nb\nc\nd\n", "a\nb\nX\nY\nc\nd\n", "f");
  EXPECT_EQ(d.lines_added, 2u);
  EXPECT_EQ(d.lines_removed, 0u);
  EXPECT_EQ(d.text, "--- a/f\n+++ b/f\n@@ -1,4 +1,6 @@\n a\n b\n+X\n+Y\n c\n d\n");
}

TEST(UnifiedDiffTest, RandomEditsRoundTrip) {
  std::mt19937 rng(42);
  for (int round = 0; round < 300; ++round) {
    std::string old_text, new_text;
    int n = static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) old_text += std::string(1, static_cast<char>('a' + rng() % 5)) + "\n";
    for (const auto& line : split_keep(old_text)) {
      int r = static_cast<int>(rng() % 10);
      if (r == 0) continue;                                                               // delete
      if (r == 1) new_text += std::string(1, static_cast<char>('a' + rng() % 5)) + "\n";  // insert
      new_text += r == 2 ? "changed\n" : line;
    }
    if (rng() % 4 == 0 && !new_text.empty()) new_text.pop_back();  // no final newline
    UnifiedDiff d = unified_diff(old_text, new_text, "f");
    if (old_text == new_text) continue;
    ASSERT_EQ(apply_patch(old_text, d.text), new_text) << "old:\n" << old_text << "new:\n" << new_text << d.text;
  }
}

TEST(UnifiedDiffTest, HugeFileWithFewChangesIsFastAndExact) {
  std::string old_text, new_text;
  for (int i = 0; i < 200000; ++i) {
    std::string line = "line " + std::to_string(i) + "\n";
    old_text += line;
    new_text += (i % 50000 == 7 ? "changed\n" : line);
  }
  auto start = std::chrono::steady_clock::now();
  UnifiedDiff d = unified_diff(old_text, new_text, "big");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_FALSE(d.approximate);
  EXPECT_EQ(d.lines_added, 4u);
  EXPECT_EQ(d.lines_removed, 4u);
  EXPECT_EQ(apply_patch(old_text, d.text), new_text);
}

TEST(UnifiedDiffTest, HugeRewriteFallsBackToWholesaleReplacement) {
  std::string old_text, new_text;
  for (int i = 0; i < 100000; ++i) {
    old_text += "old " + std::to_string(i) + "\n";
    new_text += "new " + std::to_string(i) + "\n";
  }
  auto start = std::chrono::steady_clock::now();
  UnifiedDiff d = unified_diff(old_text, new_text, "big");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  EXPECT_TRUE(d.approximate);
  EXPECT_EQ(d.lines_added, 100000u);
  EXPECT_EQ(d.lines_removed, 100000u);
  EXPECT_EQ(apply_patch(old_text, d.text), new_text);
}

TEST(UnifiedDiffTest, CrlfLinesAreKeptVerbatim) {
  UnifiedDiff d = unified_diff("a\r\nb\r\n", "a\r\nc\r\n", "f");
  EXPECT_EQ(d.text, "--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n+c\r\n");
}

}  // namespace
}  // namespace pair
