#pragma once
/// Gathers what the model should know about the workspace at the start of a
/// session: directory, date, git state, project instructions.

#include <filesystem>

#include "core/prompt.h"

namespace pair {

/// Runs `git` (if present) in the workspace; never fails, leaves out what it
/// cannot learn.
WorkspaceFacts gather_workspace_facts(const std::filesystem::path& workspace);

}  // namespace pair
