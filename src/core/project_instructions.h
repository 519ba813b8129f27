#pragma once
/// Reads the instruction files the model gets in its first message: the
/// project's AGENTS.md at every level from the repository root down to the
/// working directory, then the user's own. The text is only ever shown to the
/// model: nothing in it is taken as a setting or a command.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "core/prompt.h"

namespace pair {

/// Where instruction files are looked for, and how much of them is kept.
struct InstructionSearch {
  std::filesystem::path root;       ///< the repository root (git's top level) or the workspace
  std::filesystem::path workspace;  ///< the working directory: `root` or below it
  std::filesystem::path user_file;  ///< the user's own rules (~/.config/pair/AGENTS.md); empty: none
  size_t max_bytes = 32 * 1024;     ///< all files together
};

/// What was read, in the order the model sees it.
struct GatheredInstructions {
  std::vector<ProjectInstructions> files;
  /// Empty unless files were left out entirely: names them, for the model.
  std::string model_note;
  /// Empty unless the cap cut a file or left one out: says which and how to
  /// raise the cap, for a notice to the user.
  std::string cut_notice;
};

/// At each directory from `root` down to `workspace` (each level once, root
/// first): AGENTS.md, or CLAUDE.md where that level has no AGENTS.md, then
/// PAIR.md; then `user_file`. Files that are empty, unreadable, or whose real
/// path lies outside `root` (a link out of the repository) are skipped. When a
/// `workspace` is not below `root`, only `workspace` itself is read.
///
/// The cap counts the user's file first, so a repository's long files never
/// crowd out the user's rules; project files then take what is left, root
/// first. A file cut short ends with a note that says so; a file left out
/// entirely is named in a note. Never fails.
GatheredInstructions read_instructions(const InstructionSearch& search);

}  // namespace pair
