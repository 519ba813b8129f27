#pragma once
/// Gathers what the model should know about the workspace at the start of a
/// session: directory, date, git state, project instructions.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/prompt.h"

namespace pair {

/// Runs `git ARGS` in the workspace: its stdout, or nullopt when git is
/// missing or failed. The caller decides how git may run (app/safe_git.h
/// runs it with the repository's executable settings switched off).
using GitRunner = std::function<std::optional<std::string>(const std::vector<std::string>& args)>;

/// Asks `git` (through `run_git`) for the branch and status; never fails,
/// leaves out what it cannot learn.
WorkspaceFacts gather_workspace_facts(const std::filesystem::path& workspace, const GitRunner& run_git);

}  // namespace pair
