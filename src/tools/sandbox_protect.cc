#include "tools/sandbox_protect.h"

#include <sys/stat.h>

#include <algorithm>
#include <optional>

#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

/// Git directory entries that name programs git runs, or other configs it reads.
constexpr const char* kGitDirs[] = {"hooks", "info", "modules", "worktrees"};
constexpr const char* kGitFiles[] = {"config", "config.worktree", "commondir"};

std::optional<fs::path> resolved(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::canonical(p, ec);
  if (ec) return std::nullopt;
  return c;
}

bool exists_no_follow(const fs::path& p) {
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0;
}

class LayoutBuilder {
 public:
  explicit LayoutBuilder(std::vector<fs::path> roots) : roots_(std::move(roots)) {
    for (const auto& r : roots_) layout_.mounts.push_back({SandboxMount::Kind::kWritable, r});
  }

  SandboxLayout finish() {
    // Outer paths first; for one path, the later (protected) mount wins.
    std::stable_sort(layout_.mounts.begin(), layout_.mounts.end(), [](const SandboxMount& a, const SandboxMount& b) {
      return std::distance(a.path.begin(), a.path.end()) < std::distance(b.path.begin(), b.path.end());
    });
    return std::move(layout_);
  }

  void protect_git(const fs::path& root) {
    fs::path dotgit = root / ".git";
    if (!exists_no_follow(dotgit)) return;
    auto target = resolved(dotgit);
    if (!target) return;
    std::error_code ec;
    if (fs::is_directory(*target, ec)) {
      protect_git_dir(*target, 0);
      return;
    }
    // A `.git` file (a linked worktree, a submodule): it names the git directory.
    read_only(*target);
    auto text = read_file_to_string(*target);
    if (!text) return;
    std::string_view line = trim(*text);
    if (!line.starts_with("gitdir:")) return;
    fs::path named = std::string(trim(line.substr(7)));
    if (named.is_relative()) named = target->parent_path() / named;
    if (auto gitdir = resolved(named); gitdir && fs::is_directory(*gitdir, ec)) protect_git_dir(*gitdir, 0);
  }

  void protect_pair_folder(const fs::path& root, bool create) {
    fs::path folder = root / ".pair";
    if (create && !exists_no_follow(folder)) {
      std::error_code ec;
      fs::create_directory(folder, ec);
    }
    protect_existing(folder);
  }

  /// One of pair's own directories: created (private) when it would lie in a writable root.
  void protect_pair_dir(const fs::path& dir) {
    std::error_code ec;
    fs::path where = fs::weakly_canonical(dir, ec);
    if (ec || !writable(where) || holds_root(where)) return;
    if (!exists_no_follow(dir) && !make_private_dir(dir)) return;
    protect_existing(dir);
  }

 private:
  bool writable(const fs::path& p) const {
    return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& r) { return is_within(r, p); });
  }
  bool holds_root(const fs::path& p) const {
    return std::any_of(roots_.begin(), roots_.end(), [&](const fs::path& r) { return is_within(p, r); });
  }

  void read_only(const fs::path& canonical_path) {
    if (writable(canonical_path) && !holds_root(canonical_path))
      layout_.mounts.push_back({SandboxMount::Kind::kReadOnly, canonical_path});
  }

  /// What `p` names (a symlink followed), when that exists and lies in a writable root.
  void protect_existing(const fs::path& p) {
    if (auto c = resolved(p)) read_only(*c);
  }

  void protect_git_dir(const fs::path& gitdir, int depth) {
    if (!writable(gitdir) || holds_root(gitdir) || depth > 1) return;
    // Bound onto itself: a mount point cannot be renamed away and replaced.
    layout_.mounts.push_back({SandboxMount::Kind::kWritable, gitdir});
    // A linked worktree's git directory takes hooks and the rest from the common one.
    bool linked = exists_no_follow(gitdir / "commondir");
    for (const char* name : kGitDirs) {
      fs::path p = gitdir / name;
      if (!linked && !exists_no_follow(p)) {
        std::error_code ec;
        fs::create_directory(p, ec);
      }
      protect_existing(p);
    }
    for (const char* name : kGitFiles) {
      fs::path p = gitdir / name;
      if (exists_no_follow(p))
        protect_existing(p);
      else
        layout_.watched.push_back(p);
    }
    // A linked worktree's git directory names the repository's common one.
    auto text = read_file_to_string(gitdir / "commondir");
    if (!text) return;
    fs::path common = std::string(trim(*text));
    if (common.empty()) return;
    if (common.is_relative()) common = gitdir / common;
    std::error_code ec;
    if (auto c = resolved(common); c && *c != gitdir && fs::is_directory(*c, ec)) protect_git_dir(*c, depth + 1);
  }

  std::vector<fs::path> roots_;
  SandboxLayout layout_;
};

}  // namespace

SandboxLayout sandbox_layout(const fs::path& workspace, const std::vector<fs::path>& writable) {
  std::vector<fs::path> roots;
  std::optional<fs::path> ws = workspace == "/" ? std::nullopt : resolved(workspace);
  if (ws) roots.push_back(*ws);
  for (const auto& w : writable)
    if (auto c = resolved(w); c && std::find(roots.begin(), roots.end(), *c) == roots.end()) roots.push_back(*c);
  LayoutBuilder b(roots);
  if (roots.empty()) return b.finish();
  for (const fs::path& root : roots) {
    b.protect_git(root);
    b.protect_pair_folder(root, /*create=*/ws && root == *ws);
  }
  for (const fs::path& dir : {config_dir(), data_dir(), state_dir(), home_dir() / ".config" / "pair"})
    b.protect_pair_dir(dir);
  return b.finish();
}

std::vector<fs::path> remove_planted(const std::vector<fs::path>& watched) {
  std::vector<fs::path> removed;
  for (const auto& p : watched) {
    if (!exists_no_follow(p)) continue;
    std::error_code ec;
    fs::remove_all(p, ec);  // does not follow symlinks
    removed.push_back(p);
  }
  return removed;
}

}  // namespace pair
