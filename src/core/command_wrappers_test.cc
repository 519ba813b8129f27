#include "core/command_wrappers.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

using V = std::vector<std::string>;

/// The runs of the first simple command of `line`, each as its words joined by spaces ("..." marks
/// an open-ended run after its known words).
V runs(std::string_view line, std::string* not_understood = nullptr) {
  ShellLine parsed = parse_shell_line(line);
  EXPECT_FALSE(parsed.commands.empty()) << line;
  if (parsed.commands.empty()) return {};
  CommandRuns r = commands_run_by(parsed.commands[0]);
  if (not_understood)
    *not_understood = r.not_understood;
  else
    EXPECT_EQ(r.not_understood, "") << line;
  V out;
  for (const auto& run : r.runs) {
    std::string text;
    for (size_t i = 0; i < run.words.size(); ++i) {
      if (run.open_ended && i == run.known_words) text += text.empty() ? "..." : " ...";
      text += (text.empty() ? "" : " ") + run.words[i];
    }
    if (run.open_ended && run.known_words >= run.words.size()) text += " ...";
    out.push_back(text);
  }
  return out;
}

std::string why(std::string_view line) {
  std::string w;
  runs(line, &w);
  return w;
}

TEST(CommandWrappers, APlainCommandRunsItself) {
  EXPECT_EQ(runs("git status"), V{"git status"});
  EXPECT_EQ(runs("A=1 git status"), V{"git status"});
  EXPECT_EQ(command_name("/usr/bin/rm"), "rm");
  EXPECT_EQ(command_name("./rm"), "rm");
}

TEST(CommandWrappers, WrappersStartTheCommandAfterTheirOptions) {
  EXPECT_EQ(runs("env -i -u X A=1 B=2 curl x"), (V{"env -i -u X A=1 B=2 curl x", "curl x"}));
  EXPECT_EQ(runs("env --chdir=/ - curl x"), (V{"env --chdir=/ - curl x", "curl x"}));
  EXPECT_EQ(runs("command -p rm x"), (V{"command -p rm x", "rm x"}));
  EXPECT_EQ(runs("command -v rm"), V{"command -v rm"});
  EXPECT_EQ(runs("exec -a name rm x"), (V{"exec -a name rm x", "rm x"}));
  EXPECT_EQ(runs("nice -n 10 rm x"), (V{"nice -n 10 rm x", "rm x"}));
  EXPECT_EQ(runs("nice -5 rm x"), (V{"nice -5 rm x", "rm x"}));
  EXPECT_EQ(runs("timeout -k 5 10s rm x"), (V{"timeout -k 5 10s rm x", "rm x"}));
  EXPECT_EQ(runs("stdbuf -o0 -eL rm x"), (V{"stdbuf -o0 -eL rm x", "rm x"}));
  EXPECT_EQ(runs("sudo -E -u root -- nohup /bin/rm x"),
            (V{"sudo -E -u root -- nohup /bin/rm x", "nohup /bin/rm x", "/bin/rm x"}));
  EXPECT_EQ(runs("doas -u root rm x"), (V{"doas -u root rm x", "rm x"}));
  EXPECT_EQ(runs("/usr/bin/time -f %e rm x"), (V{"/usr/bin/time -f %e rm x", "rm x"}));
  EXPECT_EQ(runs("busybox rm x"), (V{"busybox rm x", "rm x"}));
  EXPECT_EQ(runs("sudo A=1 rm x"), (V{"sudo A=1 rm x", "rm x"}));
  EXPECT_EQ(runs("setsid -f ionice -c 3 rm x"), (V{"setsid -f ionice -c 3 rm x", "ionice -c 3 rm x", "rm x"}));
}

TEST(CommandWrappers, ShellsAndEvaluatorsRunTheirStrings) {
  EXPECT_EQ(runs("bash -c 'cd / && rm -rf x'"), (V{"bash -c cd / && rm -rf x", "cd /", "rm -rf x"}));
  EXPECT_EQ(runs("sh -euc 'rm x'"), (V{"sh -euc rm x", "rm x"}));
  EXPECT_EQ(runs("bash --norc -o pipefail -c 'rm x' arg0"), (V{"bash --norc -o pipefail -c rm x arg0", "rm x"}));
  EXPECT_EQ(runs("eval rm '-rf x'"), (V{"eval rm -rf x", "rm -rf x"}));
  EXPECT_EQ(runs("trap 'rm x' EXIT"), (V{"trap rm x EXIT", "rm x"}));
  EXPECT_EQ(runs("watch -n 1 rm x"), (V{"watch -n 1 rm x", "rm x"}));
  EXPECT_EQ(runs("su -c 'rm x' root"), (V{"su -c rm x root", "rm x"}));
  EXPECT_EQ(runs("bash script.sh"), V{"bash script.sh"});
}

TEST(CommandWrappers, XargsAndFindExecAreOpenEnded) {
  EXPECT_EQ(runs("xargs -0 -n 1 rm -f"), (V{"xargs -0 -n 1 rm -f", "rm -f ..."}));
  EXPECT_EQ(runs("xargs"), (V{"xargs", "echo ..."}));
  EXPECT_EQ(runs("xargs -I % mv % %.bak"), (V{"xargs -I % mv % %.bak", "mv ... % %.bak"}));
  EXPECT_EQ(runs("find . -name x -exec rm {} \\; -print"), (V{"find . -name x -exec rm {} ; -print", "rm ... {}"}));
  EXPECT_EQ(runs("find . -execdir sh -c 'rm x' \\;"), (V{"find . -execdir sh -c rm x ;", "sh -c rm x ...", "rm x"}));
}

TEST(CommandWrappers, WhatCannotBeSeenIsNotUnderstood) {
  for (const char* line : {"env -S 'rm x'",
                           "env --frobnicate rm",
                           "sudo -h rm",
                           "sudo -s",
                           "bash",
                           "sh -s",
                           "bash -c",
                           "bash /dev/stdin",
                           "bash -c 'echo $x'",
                           "eval 'rm $x'",
                           "su root",
                           "source /dev/stdin",
                           ". /proc/self/fd/0",
                           "alias ll=rm",
                           "declare -i x=1",
                           "let x=1",
                           "read x",
                           "hash -p /bin/rm ls",
                           "enable -f x.so rm",
                           "shopt -s expand_aliases",
                           "printf -v x y",
                           "export A='$(rm x)'",
                           "find . -exec rm {}",
                           "xargs -I % sh -c %",
                           "xargs --frobnicate rm",
                           "env ./r*",
                           "nice -n 1 x* y",
                           "sudo A='$(rm x)' ls"})
    EXPECT_NE(why(line), "") << line;
  EXPECT_EQ(why("export A=1 B"), "");
  EXPECT_EQ(why("printf '%s\\n' x"), "");
}

TEST(CommandWrappers, NestingIsBounded) {
  std::string line = "rm x";
  for (int i = 0; i < 12; ++i) line = "env " + line;
  EXPECT_NE(why(line), "");
}

}  // namespace
}  // namespace pair
