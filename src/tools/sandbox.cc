#include "tools/sandbox.h"

#include <unistd.h>

#include <cerrno>
#include <mutex>

#include "tools/sandbox_protect.h"
#include "tools/sandbox_seccomp.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

bool contains_any(const std::string& text, std::initializer_list<std::string_view> signs) {
  for (std::string_view s : signs)
    if (text.find(s) != std::string::npos) return true;
  return false;
}

/// Whether a failure names a place the sandbox keeps read-only inside the writable ones.
bool names_protected_path(const std::string& output) {
  if (contains_any(output, {".git/config", ".git/hooks", ".git/info", ".git/modules", ".git/worktrees",
                            "could not write config file", "could not lock config file", ".pair"}))
    return true;
  for (const fs::path& dir : {config_dir(), data_dir(), state_dir(), home_dir() / ".config" / "pair"})
    if (output.find(dir.string()) != std::string::npos) return true;
  return false;
}

}  // namespace

namespace {

/// The first place the failure names that this process cannot write outside
/// the sandbox either (it, or the nearest directory above it that exists).
fs::path unwritable_outside(const std::string& output, const fs::path& cwd) {
  for (const fs::path& place : denied_places(output, cwd)) {
    std::error_code ec;
    fs::path probe = place;
    while (!fs::exists(probe, ec) && probe != probe.parent_path()) probe = probe.parent_path();
    if (access(probe.c_str(), W_OK) != 0 && (errno == EACCES || errno == EROFS)) return place;
  }
  return {};
}

}  // namespace

const SandboxProbe& probe_sandbox() {
  static SandboxProbe probe;
  static std::once_flag once;
  std::call_once(once, [] {
    std::string bwrap = find_executable("bwrap");
    if (bwrap.empty()) {
      probe.reason = "bubblewrap is not installed (apt-get install bubblewrap)";
      return;
    }
    ProcessOptions o;
    o.argv = {"/bin/true"};
    auto run = sandbox_process(o, {.enabled = true, .network = false}, "/");
    if (!run) {
      probe.reason = run.error().message;
      return;
    }
    o.timeout = std::chrono::seconds(10);
    o.merge_stderr = true;
    auto r = run_process(o);
    if (r && r->exit_code == 0) {
      probe.available = true;
      return;
    }
    std::string why = r ? r->output : r.error().message;
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    probe.reason = "bubblewrap cannot run here (" + (why.empty() ? std::string("no user namespaces?") : why) + ")";
  });
  return probe;
}

SandboxCommand sandbox_command(const SandboxSettings& s, const fs::path& workspace,
                               const std::vector<std::string>& argv, int seccomp_fd, const fs::path& cwd) {
  SandboxCommand out;
  out.argv = {"bwrap",
              "--ro-bind",
              "/",
              "/",
              "--dev",
              "/dev",
              "--proc",
              "/proc",
              "--tmpfs",
              "/tmp",
              "--unshare-pid",
              "--unshare-ipc",
              "--die-with-parent"};
  if (!s.network) out.argv.push_back("--unshare-net");
  if (seccomp_fd >= 0) out.argv.insert(out.argv.end(), {"--seccomp", std::to_string(seccomp_fd)});
  for (const auto& r : s.readable) {
    std::error_code ec;
    if (fs::exists(r, ec)) out.argv.insert(out.argv.end(), {"--ro-bind", r.string(), r.string()});
  }
  // Writable places are mounted over the read-only root (and over the private
  // /tmp); the protected places inside them after them.
  SandboxLayout layout = sandbox_layout(workspace, s.writable);
  for (const SandboxMount& m : layout.mounts) {
    const char* how = m.kind == SandboxMount::Kind::kWritable ? "--bind" : "--ro-bind";
    out.argv.insert(out.argv.end(), {how, m.path.string(), m.path.string()});
  }
  out.watched = std::move(layout.watched);
  out.argv.insert(out.argv.end(), {"--chdir", (cwd.empty() ? workspace : cwd).string(), "--"});
  out.argv.insert(out.argv.end(), argv.begin(), argv.end());
  return out;
}

std::vector<std::string> sandboxed_argv(const SandboxSettings& s, const fs::path& workspace,
                                        const std::vector<std::string>& argv) {
  return sandbox_command(s, workspace, argv, -1).argv;
}

std::string SandboxRun::finish() {
  filter_ = UniqueFd();
  std::vector<fs::path> removed = remove_planted(watched_);
  watched_.clear();
  if (removed.empty()) return "";
  std::vector<std::string> names;
  for (const auto& p : removed) names.push_back(p.string());
  return "[pair's sandbox removed what this command created at " + join(names, ", ") +
         ": git reads those files from outside the sandbox (they could make it run programs); if such a change is "
         "needed, tell the user what to change and why]";
}

Result<SandboxRun> sandbox_process(ProcessOptions& options, const SandboxSettings& s, const fs::path& workspace) {
  UniqueFd filter;
  if (!s.network) {
    auto fd = unix_socket_filter_fd();
    if (!fd) return std::unexpected(fd.error());
    filter = std::move(*fd);
    options.inherit_fds.push_back(filter.get());
  }
  SandboxCommand command = sandbox_command(s, workspace, options.argv, filter.get(), options.cwd);
  options.argv = std::move(command.argv);
  return SandboxRun(std::move(filter), std::move(command.watched));
}

std::vector<fs::path> denied_places(const std::string& output, const fs::path& cwd) {
  std::vector<fs::path> places;
  for (const auto& line : split_lines(output)) {
    size_t at = std::string::npos;
    for (std::string_view sign : {": Read-only file system", ": Permission denied"})
      if (at == std::string::npos) at = line.find(sign);
    if (at == std::string::npos) continue;
    // "touch: cannot touch 'x'", "bash: line 1: x", "mkdir: cannot create directory ‘x’": the last part names it.
    std::string_view head(line.data(), at);
    if (size_t colon = head.rfind(": "); colon != std::string_view::npos) head.remove_prefix(colon + 2);
    for (std::string_view open : {"'", "\"", "‘"}) {
      size_t q = head.find(open);
      if (q == std::string_view::npos) continue;
      head.remove_prefix(q + open.size());
      for (std::string_view close : {"'", "\"", "’"})
        if (head.ends_with(close)) head.remove_suffix(close.size());
      break;
    }
    if (!head.empty())
      places.push_back((fs::path(head).is_absolute() ? fs::path(head) : cwd / head).lexically_normal());
  }
  return places;
}

std::string sandbox_failure_note(const std::string& output, const SandboxSettings& s, const fs::path& cwd) {
  if (!s.enabled) return "";
  if (fs::path place = unwritable_outside(output, cwd); !place.empty())
    return "[" + place.string() +
           " cannot be written by this user outside pair's sandbox either (a read-only file system or its "
           "permissions), so the sandbox did not cause this; tell the user if the change is needed]";
  if (!s.network && to_lower(output).find("address family not supported") != std::string::npos)
    return "[this ran in pair's sandbox, which has no network access and refuses Unix-domain sockets (they lead to "
           "services outside it: Docker, D-Bus, agents); the user can allow both (settings /sandbox/network true)]";
  bool read_only = contains_any(output, {"Read-only file system", "Device or resource busy"});
  if (read_only && names_protected_path(output))
    return "[this ran in pair's sandbox: inside the workspace, a repository's .git/config, .git/hooks, .git/info, "
           ".git/modules and .git/worktrees, the project's .pair/ and pair's own settings and state are read-only, so "
           "that no command can plant something that runs outside the sandbox (git add and git commit still work); "
           "if such a change is needed, tell the user what to change and why]";
  if (output.find("Read-only file system") != std::string::npos)
    return "[this ran in pair's sandbox: only the workspace and a private /tmp are writable; the user can add "
           "paths (settings /sandbox/writable) or turn the sandbox off (/sandbox/enabled)]";
  if (!s.network) {
    for (const char* sign : {"Could not resolve host", "Temporary failure in name resolution", "Network is unreachable",
                             "Name or service not known", "getaddrinfo", "Failed to establish a new connection",
                             "unable to access", "Could not connect"}) {
      if (output.find(sign) != std::string::npos)
        return "[this ran in pair's sandbox, which has no network access; the user can allow it (settings "
               "/sandbox/network true)]";
    }
  }
  return "";
}

}  // namespace pair
