#pragma once
/// pair's own git invocations (the workspace facts at the start of a
/// session). A repository's `.git/config` may come from anyone (an unpacked
/// archive, or a command that changed it), and git runs programs it names:
/// `core.fsmonitor` on every `git status`, hooks, filter drivers on files whose
/// stat data changed. So pair runs git with those switched off, and inside the
/// sandbox (read-only, no network) when bubblewrap works here.

#include <filesystem>
#include <string>
#include <vector>

namespace pair {

/// The argv for `git ARGS` in `workspace` with the repository's executable
/// settings neutralized: fsmonitor off, hooks to /dev/null, no untracked
/// cache writes, submodules not entered, and each filter driver the
/// repository's own config defines replaced by `cat` (no `process`).
std::vector<std::string> safe_git_argv(const std::filesystem::path& workspace, const std::vector<std::string>& args);

/// Runs it (5 s at most, stdout only); `ok` tells whether git exited 0.
std::string run_safe_git(const std::filesystem::path& workspace, const std::vector<std::string>& args, bool* ok);

}  // namespace pair
