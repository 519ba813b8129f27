#include "core/workspace_facts.h"

#include <sys/utsname.h>

#include <ctime>

#include "core/project_instructions.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxStatusLines = 40;

/// The nearest directory at or above `workspace` that holds a `.git` (a
/// directory, or a worktree's file); empty when none does. Looked up on disk
/// rather than asked of git, which may run confined to the workspace itself.
fs::path repository_root(const fs::path& workspace) {
  std::error_code ec;
  for (fs::path dir = workspace.lexically_normal(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::exists(dir / ".git", ec)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return {};
}

}  // namespace

WorkspaceFacts gather_workspace_facts(const fs::path& workspace, const GitRunner& run_git,
                                      const InstructionOptions& instructions) {
  WorkspaceFacts f;
  f.cwd = workspace.string();
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
  f.date = date;
  if (utsname u{}; uname(&u) == 0) f.platform = std::string(u.sysname) + " " + u.machine;

  fs::path root = repository_root(workspace);
  if (auto branch = run_git({"rev-parse", "--abbrev-ref", "HEAD"})) {
    f.is_git_repo = true;
    f.git_branch = std::string(trim(*branch));
    auto lines = split_lines(run_git({"status", "--short"}).value_or(""));
    if (lines.size() > kMaxStatusLines) {
      size_t more = lines.size() - kMaxStatusLines;
      lines.resize(kMaxStatusLines);
      lines.push_back("... and " + std::to_string(more) + " more");
    }
    f.git_status = join(lines, "\n");
  } else if (!root.empty()) {
    f.is_git_repo = true;  // git itself is missing or failed
  }

  auto read = read_instructions({.root = root.empty() ? workspace : root,
                                 .workspace = workspace,
                                 .user_file = instructions.user_file,
                                 .max_bytes = instructions.max_bytes});
  f.instructions = std::move(read.files);
  f.instructions_note = std::move(read.model_note);
  f.instructions_cut_notice = std::move(read.cut_notice);
  return f;
}

}  // namespace pair
