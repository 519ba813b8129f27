#include "app/safe_git.h"

#include <optional>
#include <set>

#include "tools/sandbox.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

ProcessOptions git_process(const fs::path& workspace, std::vector<std::string> argv) {
  ProcessOptions o;
  o.argv = std::move(argv);
  o.cwd = workspace;
  o.merge_stderr = false;
  o.timeout = std::chrono::seconds(5);
  o.head_bytes = 64 * 1024;
  o.tail_bytes = 0;
  // Nothing interactive, and no pager or editor even if the config names one.
  o.extra_env = {"GIT_TERMINAL_PROMPT=0", "GIT_PAGER=cat", "PAGER=cat", "GIT_EDITOR=true", "GIT_OPTIONAL_LOCKS=0"};
  return o;
}

/// The filter drivers the repository's own config defines (reading config runs nothing).
std::set<std::string> local_filter_drivers(const fs::path& workspace) {
  ProcessOptions o = git_process(workspace, {"git", "config", "--local", "--name-only", "--get-regexp",
                                             R"(^filter\..*\.(clean|smudge|process)$)"});
  std::set<std::string> drivers;
  auto r = run_process(o);
  if (!r || r->exit_code != 0) return drivers;
  for (const auto& line : split_lines(r->output)) {
    std::string_view name = trim(line);
    size_t last = name.rfind('.');
    if (name.starts_with("filter.") && last != std::string_view::npos && last > 7)
      drivers.insert(std::string(name.substr(7, last - 7)));
  }
  return drivers;
}

}  // namespace

std::vector<std::string> safe_git_argv(const fs::path& workspace, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"git", "--no-optional-locks",      "-c", "core.fsmonitor=false",
                                   "-c",  "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false",
                                   "-c",  "submodule.recurse=false"};
  for (const auto& driver : local_filter_drivers(workspace)) {
    // `cat` leaves content as it is; an empty process turns the long-running filter off.
    argv.insert(argv.end(), {"-c", "filter." + driver + ".clean=cat", "-c", "filter." + driver + ".smudge=cat", "-c",
                             "filter." + driver + ".process=", "-c", "filter." + driver + ".required=false"});
  }
  argv.insert(argv.end(), args.begin(), args.end());
  if (!args.empty() && args.front() == "status") argv.push_back("--ignore-submodules=all");
  return argv;
}

std::string run_safe_git(const fs::path& workspace, const std::vector<std::string>& args, bool* ok) {
  *ok = false;
  ProcessOptions o = git_process(workspace, safe_git_argv(workspace, args));
  std::optional<SandboxRun> sandbox;
  if (probe_sandbox().available) {
    // Read-only everywhere (the workspace too: "/" is the only writable root, and it is not bound),
    // a private /tmp, no network, no Unix-domain sockets; git runs in the workspace.
    SandboxSettings confined;
    confined.enabled = true;
    confined.readable = {workspace};  // visible even under the sandbox's private /tmp
    auto prepared = sandbox_process(o, confined, "/");
    if (!prepared) return "";
    sandbox = std::move(*prepared);
  }
  auto r = run_process(o);
  if (sandbox) (void)sandbox->finish();
  *ok = r && r->exit_code == 0;
  return *ok ? r->output : "";
}

}  // namespace pair
