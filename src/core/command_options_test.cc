#include "core/command_options.h"

#include <gtest/gtest.h>

#include "core/command_scripts.h"
#include "core/shell_commands.h"

namespace pair {
namespace {

/// The table's answer for the first command of `line`.
std::string option(std::string_view line) {
  ShellLine parsed = parse_shell_line(line);
  EXPECT_EQ(parsed.commands.size(), 1u) << line;
  return parsed.commands.empty() ? "" : exec_or_write_option(parsed.commands[0].words);
}

TEST(CommandOptions, FlagsWhatRunsOrWrites) {
  for (const char* line : {"git difftool -y -x 'touch X #' -- README",
                           "git mergetool",
                           "git config core.pager x",
                           "git -c x=y diff",
                           "git -C .. status",
                           "git --git-dir=x log",
                           "git --exec-path=x log",
                           "git diff --output=X",
                           "git diff --output X",
                           "git diff --ext-diff",
                           "git log --output-directory d",
                           "git rebase --exec x",
                           "git rebase -x x",
                           "git rebase -i HEAD~2",
                           "git fetch --upload-pack=x",
                           "git push --receive-pack x",
                           "git format-patch -o d",
                           "git archive -ofile HEAD",
                           "git grep -Ovim x",
                           "git clone -u x url",
                           "git bisect run x",
                           "git submodule foreach x",
                           "git send-email x",
                           "find . -delete",
                           "find . -fprint f",
                           "find . -exec ls \\;",
                           "find . -okdir ls \\;",
                           "xargs",
                           "xargs ls",
                           "sed -i s/a/b/ f",
                           "sed --in-place=.bak s/a/b/ f",
                           "sed -ni p f",
                           "sed s/a/b/ f -i",
                           "sed -f script f",
                           "sed 1e f",
                           "sed 's/a/b/e' f",
                           "sed 's/a/b/w out' f",
                           "sed -e p -e 'w out' f",
                           "sed --expression='W x' f",
                           "sed --frobnicate p",
                           "awk 'BEGIN{system(\"x\")}'",
                           "awk '{print > \"f\"}'",
                           "awk '{print | \"sh\"}'",
                           "awk '{\"date\" | getline d}'",
                           "awk -f prog f",
                           "gawk '@load \"x\"'",
                           "mawk -W x p",
                           "awk -e 'BEGIN{system(\"x\")}'",
                           "tar --to-command=x -xf a",
                           "tar -xf a --checkpoint-action=exec=x",
                           "tar -I zstd -xf a",
                           "tar xIf x a",
                           "tar -F x -cf a",
                           "tar --use-compress-program x -cf a",
                           "tar --info-script=x -cf a",
                           "tar --new-volume-script=x -cf a",
                           "rsync -e 'sh -c x' a b",
                           "rsync -avze ssh a b",
                           "rsync --rsync-path=x a b",
                           "ssh -o ProxyCommand=x h",
                           "ssh -oProxyCommand=x h",
                           "scp -S x a b",
                           "ssh -F cfg h",
                           "curl -o f u",
                           "curl -sSLo f u",
                           "curl -O u",
                           "curl --output=f u",
                           "curl -K cfg",
                           "wget -O f u",
                           "wget -e x u",
                           "sort -o f in",
                           "sort --compress-program=x",
                           "tee f",
                           "rg --pre x foo",
                           "fd -x rm",
                           "fdfind --exec rm",
                           "man -P x ls",
                           "zip -TT x a b",
                           "bash -c x",
                           "sh -ec x",
                           "bash",
                           "eval x",
                           "trap x EXIT",
                           "watch x",
                           "su -c x",
                           "env -S x"})
    EXPECT_NE(option(line), "") << line;
}

TEST(CommandOptions, LeavesOrdinaryCommandsAlone) {
  for (const char* line : {"git status",
                           "git diff --stat",
                           "git diff -c",
                           "git log -p --oneline",
                           "git log --format=%h",
                           "git show HEAD",
                           "git -p log",
                           "git --no-pager diff",
                           "git commit -m x",
                           "git cherry-pick -x abc",
                           "find . -name '*.o' -print",
                           "sed -n '1,5p' f",
                           "sed 's/a/b/g' f",
                           "sed -E 's|x|y|2' f",
                           "sed -e '/x/d' -e '$a\\\\' f",
                           "sed ':a;N;$!ba;s/\\n/ /g' f",
                           "sed 'y/abc/xyz/'",
                           "sed '/^#/!{s/a/b/;p}' f",
                           "sed 'a text with w in it' f",
                           "sed '1r file' f",
                           "awk '{print $1}' f",
                           "awk -F: '$3 > 100 {print $1}' f",
                           "awk '/a|b/ {n++} END {print n}'",
                           "awk '{ if ($1 > 2) print $2 }'",
                           "awk '{print ($1 > 2)}'",
                           "awk -v x=1 'NR > x' f",
                           "awk 'a || b'",
                           "awk '{print $1 / 2}'",
                           "awk '$0 ~ /[[:alpha:]]+/'",
                           "awk '{x++ / 2}'",
                           "tar -xzf a.tgz",
                           "tar tvf a.tar",
                           "rsync -avz a b",
                           "ssh h ls",
                           "curl -s u",
                           "curl -fsSL u",
                           "wget -qO- u",
                           "sort -u f",
                           "tee /dev/null",
                           "rg foo src",
                           "fd name",
                           "man ls",
                           "zip -r a.zip d",
                           "bash script.sh",
                           "sh ./x.sh",
                           "ls -la",
                           "make -j2"})
    EXPECT_EQ(option(line), "") << line;
}

TEST(CommandScripts, SedReadsScriptsAsGnuSedDoes) {
  EXPECT_TRUE(sed_script_is_safe("s/a/b/g;p"));
  EXPECT_TRUE(sed_script_is_safe("s,a/e,b/w,g"));  // other delimiters: e and w are text here
  EXPECT_TRUE(sed_script_is_safe("/x\\/e/d"));     // an escaped delimiter
  EXPECT_TRUE(sed_script_is_safe("1~2d; $!N; 3,+2p"));
  EXPECT_TRUE(sed_script_is_safe("# w comment\np"));
  EXPECT_FALSE(sed_script_is_safe("s/a/b/;e"));
  EXPECT_FALSE(sed_script_is_safe("s/a/b/ge"));
  EXPECT_FALSE(sed_script_is_safe("s/a/b/w /etc/x"));
  EXPECT_FALSE(sed_script_is_safe("1{w x\n}"));
  EXPECT_FALSE(sed_script_is_safe("\\,x,W f"));
  EXPECT_FALSE(sed_script_is_safe("s/a/b"));  // unterminated
  EXPECT_TRUE(sed_script_is_safe("s/[abc]/x/g;/[0-9]\\]/d;s/[[:alpha:]]/y/"));
  EXPECT_FALSE(sed_script_is_safe("s/[/]/e/"));
  EXPECT_FALSE(sed_script_is_safe("s/[x/]/echo PWNED;a/e"));  // GNU sed 4.9 reads `[x/]` whole: the e flag
  EXPECT_FALSE(sed_script_is_safe("/[/]/w x"));
  EXPECT_FALSE(sed_script_is_safe("b end;e x"));  // a label ends at `;`
  EXPECT_FALSE(sed_script_is_safe("Z"));          // unknown
}

TEST(CommandScripts, AwkReadsStringsAndRegularExpressions) {
  EXPECT_TRUE(awk_program_is_safe("{ print \"a > b | c\" }"));
  EXPECT_TRUE(awk_program_is_safe("/system|x>y/ { print }"));
  EXPECT_TRUE(awk_program_is_safe("{ s = \"system\" } # system()"));
  EXPECT_FALSE(awk_program_is_safe("{ x = 4 / 2; system(\"x\"); y = 1 / 1 }"));
  EXPECT_FALSE(awk_program_is_safe("{ x++ / 1; system(\"x\"); y = 1 / 1 }"));
  EXPECT_FALSE(awk_program_is_safe("/[/]/ { print }"));
  EXPECT_FALSE(awk_program_is_safe("{ print \"unclosed }"));
  EXPECT_FALSE(awk_program_is_safe("{ printf(\"%s\", $1) > \"out\" }"));
  EXPECT_FALSE(awk_program_is_safe("{ print $1 >> \"out\" }"));
  EXPECT_FALSE(awk_program_is_safe("{ print \"(\" > \"out\" }"));
  EXPECT_FALSE(awk_program_is_safe("BEGIN { \"id\" |& getline }"));
  EXPECT_FALSE(awk_program_is_safe("@include \"x\""));
}

}  // namespace
}  // namespace pair
