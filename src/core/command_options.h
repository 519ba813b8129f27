#pragma once
/// Commands whose options or subcommands run another program or write files, so
/// that a prefix rule (`bash(git diff*)`) must not admit them: `git difftool -x CMD`
/// starts with `git diff`. An exact rule without wildcards still admits exactly the
/// command it names. The table:
///   git      global -c, -C, --git-dir, --work-tree, --exec-path, --config-env; the
///            subcommands difftool, mergetool, config, filter-branch, send-email, instaweb,
///            daemon, credential, shell, upload-pack, receive-pack; and anywhere
///            --output[=], --output-directory, --ext-diff, --exec[=], --upload-pack[=],
///            --receive-pack[=], --extcmd, --open-files-in-pager, --to-cmd, --cc-cmd,
///            --sendmail-cmd; -o for format-patch and archive; -x, -i and --interactive for
///            rebase; -O for grep; -u for clone; `bisect run`; `submodule foreach`
///   find     -exec -execdir -ok -okdir -delete -fprint -fprint0 -fprintf -fls
///   xargs    always (it runs a command with arguments from its input)
///   sed      -i/--in-place, -f/--file, an unknown option, or a script with the e, w or W
///            command or the e or w flag of s (command_scripts.h)
///   awk      (gawk, mawk, nawk) -f/-E/-i/-l and options that write files, or a program with
///            system(), a pipe, output redirection or @load (command_scripts.h)
///   tar      --to-command, --checkpoint-action, -I/--use-compress-program, -F/--info-script,
///            --new-volume-script, --rsh-command, --rmt-command
///   rsync    -e/--rsh, --rsync-path, --write-batch, --only-write-batch, --log-file
///   ssh      (scp, sftp, slogin) -o (ProxyCommand, LocalCommand, ...), -F, -S, -D
///   curl     -o/-O/--output, --output-dir, --remote-name(-all), -K/--config, -D/--dump-header,
///            -c/--cookie-jar, --trace, --trace-ascii, --libcurl, --etag-save
///   wget     -O/--output-document (unless `-`), -o/--output-file, -a/--append-output,
///            -e/--execute
///   sort     -o/--output, --compress-program;  tee  a file other than /dev/null
///   rg       --pre;  fd (fdfind)  -x/-X/--exec/--exec-batch;  man  -P/--pager, -H/--html
///   zip      -TT/--unzip-command;  time  -o/--output
///   shells   bash/sh/... with -c or reading their input; eval; trap; watch; su/runuser -c;
///            env -S (they run a string)

#include <string>
#include <vector>

namespace pair {

/// The first option or subcommand of the table in `words` (a command and its arguments, as
/// CommandRun has them), described for messages ("`git difftool`"); "" when there is none.
std::string exec_or_write_option(const std::vector<std::string>& words);

}  // namespace pair
