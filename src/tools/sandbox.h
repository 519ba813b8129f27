#pragma once
/// The command sandbox: bubblewrap (Debian's `bubblewrap`) around bash. The
/// workspace (and any extra writable paths) read-write, the rest of the
/// filesystem read-only, a private /tmp, no network unless allowed, and its
/// own PID namespace, so nothing a command starts outlives it.

#include <filesystem>
#include <string>
#include <vector>

#include "core/tool.h"

namespace pair {

struct SandboxProbe {
  bool available = false;
  std::string reason;  ///< why not, in words a user can act on
};

/// Whether bubblewrap can run here (it needs user namespaces). Runs a no-op
/// sandbox once and remembers the answer; thread-safe.
const SandboxProbe& probe_sandbox();

/// The argv that runs `argv` inside the sandbox with these settings.
std::vector<std::string> sandboxed_argv(const SandboxSettings& settings, const std::filesystem::path& workspace,
                                        const std::vector<std::string>& argv);

/// A note for the model when a failed command's output shows the sandbox
/// stopped it (a read-only file system, no network); empty otherwise.
std::string sandbox_failure_note(const std::string& output, const SandboxSettings& settings);

}  // namespace pair
