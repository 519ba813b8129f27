#pragma once
/// The command sandbox: bubblewrap (Debian's `bubblewrap`) around bash. The
/// workspace (and any extra writable paths) read-write, the rest of the
/// filesystem read-only, a private /tmp, no network unless allowed, and its
/// own PID namespace, so nothing a command starts outlives it.
///
/// Inside the writable places, what would let a command reach outside the
/// sandbox later stays read-only: a repository's `.git/config`, hooks and
/// the like, `.pair/`, pair's own config, data and state directories
/// (tools/sandbox_protect.h lists them and the cases).
///
/// Unix-domain sockets: a read-only mount does not stop a connect() to a
/// socket file (a session bus, /var/run/docker.sock, an ssh-agent), so without
/// network the sandbox also loads a seccomp filter that refuses to make Unix-
/// domain sockets (tools/sandbox_seccomp.h), passed to bubblewrap as a
/// descriptor (`--seccomp FD`). Socket directories are not hidden with empty
/// mounts: sockets live in too many places for a list (~/.docker, /var/lib/...),
/// and the filter covers them all. With /sandbox/network true there is no
/// filter: the command may reach the host's sockets as it reaches the network.

#include <filesystem>
#include <string>
#include <vector>

#include "core/tool.h"
#include "util/error.h"
#include "util/subprocess.h"
#include "util/unique_fd.h"

namespace pair {

struct SandboxProbe {
  bool available = false;
  std::string reason;  ///< why not, in words a user can act on
};

/// Whether bubblewrap can run here (it needs user namespaces) with the socket
/// filter. Runs a no-op sandbox once and remembers the answer; thread-safe.
const SandboxProbe& probe_sandbox();

struct SandboxCommand {
  std::vector<std::string> argv;
  /// Protected files that did not exist (nothing to mount over): SandboxRun
  /// removes them after the command if it made them.
  std::vector<std::filesystem::path> watched;
};

/// The bubblewrap command line that runs `argv` with these settings, in
/// `cwd` (empty: the workspace). `seccomp_fd` is the descriptor bubblewrap
/// reads the socket filter from (`--seccomp`), or -1 for none; without network
/// it must be given (as sandbox_process does). Creates missing protected
/// directories on the host (tools/sandbox_protect.h).
SandboxCommand sandbox_command(const SandboxSettings& settings, const std::filesystem::path& workspace,
                               const std::vector<std::string>& argv, int seccomp_fd,
                               const std::filesystem::path& cwd = {});

/// The same command line without the socket filter and without the watch on
/// missing protected files: for a caller that cannot pass a descriptor.
/// Prefer sandbox_process.
std::vector<std::string> sandboxed_argv(const SandboxSettings& settings, const std::filesystem::path& workspace,
                                        const std::vector<std::string>& argv);

/// One command prepared to run in the sandbox: keep it until the command has
/// finished (it holds the filter's descriptor), then call finish().
class SandboxRun {
 public:
  SandboxRun(UniqueFd filter, std::vector<std::filesystem::path> watched)
      : filter_(std::move(filter)), watched_(std::move(watched)) {}

  /// Removes what the command made at protected places that could not be
  /// mounted over (a new `.git/commondir`, ...) and returns a note for the
  /// model naming them; empty when there was nothing.
  std::string finish();

 private:
  UniqueFd filter_;
  std::vector<std::filesystem::path> watched_;
};

/// Wraps `options.argv` in the sandbox: the command line (run in
/// `options.cwd`, or the workspace when that is empty), and (without network)
/// the socket filter's descriptor in `options.inherit_fds`. Errors when the
/// filter cannot be built or passed: the command must not run then.
Result<SandboxRun> sandbox_process(ProcessOptions& options, const SandboxSettings& settings,
                                   const std::filesystem::path& workspace);

/// A note for the model when a failed command's output shows the sandbox
/// stopped it (a read-only file system, a protected path, no network, a
/// refused Unix-domain socket); empty otherwise. A place the output names as
/// read-only or denied that this user cannot write outside the sandbox either
/// (a read-only mount, its permissions; relative paths taken from `cwd`) is
/// not the sandbox's doing: the note says so instead.
std::string sandbox_failure_note(const std::string& output, const SandboxSettings& settings,
                                 const std::filesystem::path& cwd);

/// The places a failure names as "Read-only file system" or "Permission
/// denied" ("touch: cannot touch '/usr/x': …"), relative ones taken from `cwd`.
std::vector<std::filesystem::path> denied_places(const std::string& output, const std::filesystem::path& cwd);

}  // namespace pair
