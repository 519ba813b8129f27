#include "tools/sandbox.h"

#include <mutex>

#include "util/subprocess.h"

namespace pair {

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
    o.argv = sandboxed_argv({true, false, {}}, "/", {"/bin/true"});
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

std::vector<std::string> sandboxed_argv(const SandboxSettings& s, const std::filesystem::path& workspace,
                                        const std::vector<std::string>& argv) {
  std::vector<std::string> out = {"bwrap",
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
  if (!s.network) out.push_back("--unshare-net");
  // Writable places are mounted over the read-only root (and over the private /tmp).
  if (workspace != "/") {
    out.insert(out.end(), {"--bind", workspace.string(), workspace.string()});
  }
  for (const auto& w : s.writable) {
    std::error_code ec;
    if (std::filesystem::exists(w, ec)) out.insert(out.end(), {"--bind", w.string(), w.string()});
  }
  out.insert(out.end(), {"--chdir", workspace.string(), "--"});
  out.insert(out.end(), argv.begin(), argv.end());
  return out;
}

std::string sandbox_failure_note(const std::string& output, const SandboxSettings& s) {
  if (!s.enabled) return "";
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
