#include "tools/ripgrep.h"

#include <gtest/gtest.h>

#include "util/paths.h"

namespace pair {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> globs(const std::vector<std::string>& patterns, const fs::path& root) {
  return ripgrep_exclusions(patterns, root, "/ws/project");
}

TEST(RipgrepExclusions, RelativePatternsAreAnchoredAtTheRoot) {
  EXPECT_EQ(globs({"secrets/**", "config/*.key"}, "/ws/project"),
            (std::vector<std::string>{"--glob", "!/secrets/**", "--glob", "!/config/*.key"}));
  // Searching from inside a covered directory: everything there.
  EXPECT_EQ(globs({"secrets/**"}, "/ws/project/secrets/sub"), (std::vector<std::string>{"--glob", "!**"}));
  // Elsewhere the rule covers nothing.
  EXPECT_EQ(globs({"secrets/**"}, "/ws/project/src"), std::vector<std::string>{});
  EXPECT_EQ(globs({"*/private/*"}, "/ws/project/lib"), (std::vector<std::string>{"--glob", "!/private/*"}));
}

TEST(RipgrepExclusions, AnywherePatternsStayUnanchored) {
  EXPECT_EQ(globs({"**/.env", "**/*.pem"}, "/ws/project/src"),
            (std::vector<std::string>{"--glob", "!**/.env", "--glob", "!**/*.pem"}));
  EXPECT_EQ(globs({"src/**/generated/*"}, "/ws/project"), (std::vector<std::string>{"--glob", "!/src/**/generated/*"}));
  EXPECT_EQ(globs({"src/**/generated/*"}, "/ws/project/src/a"),
            (std::vector<std::string>{"--glob", "!**/generated/*"}));
}

TEST(RipgrepExclusions, HomeAndAbsolutePatterns) {
  fs::path home = expand_home("~/x").parent_path();
  EXPECT_EQ(globs({"~/.ssh/**"}, home), (std::vector<std::string>{"--glob", "!/.ssh/**"}));
  EXPECT_EQ(globs({"~/.ssh/**"}, "/ws/project"), std::vector<std::string>{});
  EXPECT_EQ(globs({"/ws/project/out/*.log"}, "/ws/project"), (std::vector<std::string>{"--glob", "!/out/*.log"}));
  EXPECT_EQ(globs({"/etc/**"}, "/ws/project"), std::vector<std::string>{});
}

TEST(RipgrepExclusions, RgSyntaxIsEscapedOrLeftToTheCheck) {
  // Braces and spaces are literal for the rules; rg would read {a,b} as a choice.
  EXPECT_EQ(globs({"src/{a,b} c.txt"}, "/ws/project"),
            (std::vector<std::string>{"--glob", "!/src/\\{a\\,b\\}\\ c.txt"}));
  // "a**b" is "a*b" to fnmatch; rg refuses it.
  EXPECT_EQ(globs({"a**b/c"}, "/ws/project"), (std::vector<std::string>{"--glob", "!/a*b/c"}));
  // Classes and escapes differ between the two: no glob (results are still checked).
  EXPECT_EQ(globs({"key[0-9].txt", "a\\*b", "x]"}, "/ws/project"), std::vector<std::string>{});
  // The root itself, or a directory above it, is the caller's to check.
  EXPECT_EQ(globs({"secrets", "."}, "/ws/project/secrets"), std::vector<std::string>{});
}

}  // namespace
}  // namespace pair
