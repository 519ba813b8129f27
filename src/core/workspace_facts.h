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

/// Which instruction files beyond the project's are read, and the cap on all
/// of them (core/project_instructions.h).
struct InstructionOptions {
  std::filesystem::path user_file;  ///< the user's own AGENTS.md; empty: none
  size_t max_bytes = 32 * 1024;
};

/// Asks `git` (through `run_git`) for the branch and status, and reads the
/// instruction files from the repository root (the nearest directory above
/// holding `.git`, else `workspace`) down; never fails, leaves out what it
/// cannot learn.
WorkspaceFacts gather_workspace_facts(const std::filesystem::path& workspace, const GitRunner& run_git,
                                      const InstructionOptions& instructions = {});

}  // namespace pair
