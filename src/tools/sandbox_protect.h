#pragma once
/// What a sandboxed command may not change although it lies in a place the
/// sandbox makes writable: what would run code, or widen permissions, the next
/// time pair or the user works outside the sandbox.
///
/// In each writable root (the workspace, then each /sandbox/writable path):
///   - the git directory of `.git` (a directory, or the `gitdir:` a `.git` file
///     names, and the common directory a `commondir` file names) stays
///     writable, so `git add` and `git commit` work (objects, refs, logs,
///     index, HEAD), but it is bound onto itself so it cannot be renamed or
///     replaced, and in it `config`, `hooks/`, `info/`, `modules/` and
///     `worktrees/` are read-only (core.fsmonitor, hooks, filter drivers,
///     submodule and linked-worktree configs all name programs git runs);
///     `config`, `config.worktree` and `commondir` when missing cannot be
///     mounted over (creating them would change what git reads), so they are
///     watched instead: one the command made is removed after it. A missing
///     directory of that list is created on the host first (git itself makes
///     hooks/ and info/; an empty modules/ or worktrees/ changes nothing).
///     A `.git` file is read-only itself. Submodule updates fail inside the
///     sandbox; a linked worktree commits there only when its repository's
///     common git directory is writable too (/sandbox/writable), as before.
///   - `.pair/` is read-only: in the workspace it is created first when
///     missing (an empty folder changes nothing), in other writable roots it
///     is protected when it exists.
/// Anywhere inside a writable root: pair's own config, data and state
/// directories and `~/.config/pair` are read-only (created first, 0700, when
/// missing), unless one of them holds a writable root itself (pair run in its
/// own config folder).
///
/// Symlinks are followed to what they name, and that is protected only when it
/// lies inside a writable root: nothing outside is ever bound (it is read-only
/// already). The link itself cannot be mounted over, so a command can replace
/// a protected name that is a symlink (a `.git` or `.pair` that links
/// elsewhere). A workspace without `.git` gets none: `git init` works there
/// (pair's own git runs disable what a repository's config may run:
/// app/safe_git.h). Repositories deeper inside a writable root are not looked
/// for.

#include <filesystem>
#include <vector>

namespace pair {

struct SandboxMount {
  enum class Kind { kWritable, kReadOnly };
  Kind kind;
  std::filesystem::path path;  ///< canonical; mounted onto itself
};

struct SandboxLayout {
  /// Outer paths first, so that each path gets its own kind: the writable
  /// roots, the git directories bound writable onto themselves, then the
  /// protected paths (a /sandbox/writable path inside a protected one stays
  /// writable: the user asked for it).
  std::vector<SandboxMount> mounts;
  /// Files that did not exist and could not be mounted over.
  std::vector<std::filesystem::path> watched;
};

/// The mounts for the workspace and the extra writable paths (those that
/// exist). Creates missing protected directories on the host, as above.
/// `workspace` "/" makes nothing writable.
SandboxLayout sandbox_layout(const std::filesystem::path& workspace,
                             const std::vector<std::filesystem::path>& writable);

/// After the command: removes each watched path that now exists (whatever it
/// is; a symlink is removed, not followed). Returns those removed.
std::vector<std::filesystem::path> remove_planted(const std::vector<std::filesystem::path>& watched);

}  // namespace pair
