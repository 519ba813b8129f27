#include "core/workspace_facts.h"

#include <sys/utsname.h>

#include <ctime>

#include "util/atomic_file.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxInstructionBytes = 32 * 1024;
constexpr size_t kMaxStatusLines = 40;

}  // namespace

WorkspaceFacts gather_workspace_facts(const fs::path& workspace, const GitRunner& run_git) {
  WorkspaceFacts f;
  f.cwd = workspace.string();
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  char date[16];
  std::strftime(date, sizeof date, "%Y-%m-%d", &tm);
  f.date = date;
  if (utsname u{}; uname(&u) == 0) f.platform = std::string(u.sysname) + " " + u.machine;

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
  } else if (fs::exists(workspace / ".git")) {
    f.is_git_repo = true;  // git itself is missing or failed
  }

  for (const char* name : {"AGENTS.md", "PAIR.md"}) {
    auto text = read_file_to_string(workspace / name);
    if (!text || trim(*text).empty()) continue;
    if (text->size() > kMaxInstructionBytes)
      *text = text->substr(0, kMaxInstructionBytes) + "\n[... " + name + " truncated ...]\n";
    f.instructions.push_back({name, *text});
  }
  return f;
}

}  // namespace pair
