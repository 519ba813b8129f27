#include "tools/sandbox.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "tools/bash.h"
#include "tools/sandbox_seccomp.h"
#include "tools/test_support.h"
#include "util/subprocess.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::TempWorkspace;

class SandboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!probe_sandbox().available) {
      // CI can run bubblewrap: there a missing sandbox fails instead of passing by skipping.
      if (const char* required = std::getenv("PAIR_REQUIRE_SANDBOX"); required && std::string(required) == "1")
        FAIL() << "no sandbox on this machine (" << probe_sandbox().reason << ") and PAIR_REQUIRE_SANDBOX=1";
      GTEST_SKIP() << "no sandbox on this machine: " << probe_sandbox().reason;
    }
    ws.ctx().sandbox.enabled = true;
  }
  ToolOutput bash(const std::string& command) { return testing::call(tool, json{{"command", command}}, ws.ctx()); }

  TempWorkspace ws;
  BashTool tool;
};

TEST_F(SandboxTest, TheWorkspaceIsWritableAndTheRestIsNot) {
  auto in = bash("echo made > inside.txt && cat inside.txt");
  EXPECT_FALSE(in.is_error) << in.text;
  EXPECT_EQ(ws.read("inside.txt"), "made\n");

  // Not under /tmp: that is the sandbox's own private /tmp.
  std::filesystem::path outside = "/var/tmp/pair-sandbox-outside-" + std::to_string(::getpid());
  auto out = bash("echo x > " + outside.string());
  EXPECT_TRUE(out.is_error);
  EXPECT_FALSE(std::filesystem::exists(outside));
  EXPECT_NE(out.text.find("Read-only file system"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("this ran in pair's sandbox"), std::string::npos) << out.text;
  std::filesystem::remove(outside);
}

TEST_F(SandboxTest, ExtraWritablePathsAreWritable) {
  TempWorkspace other;
  ws.ctx().sandbox.writable = {other.root()};
  auto r = bash("echo ok > " + (other.root() / "f").string());
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_EQ(other.read("f"), "ok\n");
}

TEST_F(SandboxTest, TmpIsPrivate) {
  std::string name = "pair-sandbox-probe-" + std::to_string(::getpid());
  auto r = bash("echo secret > /tmp/" + name + " && cat /tmp/" + name);
  EXPECT_FALSE(r.is_error) << r.text;
  EXPECT_FALSE(std::filesystem::exists("/tmp/" + name));
}

TEST_F(SandboxTest, NoNetworkUnlessAllowedAndTheModelIsTold) {
  // Even loopback is another network namespace's inside the sandbox.
  auto r = bash("exec 3<>/dev/tcp/127.0.0.1/9 || echo 'Could not connect'; exit 1");
  EXPECT_TRUE(r.is_error);
  EXPECT_NE(r.text.find("no network access"), std::string::npos) << r.text;
  ws.ctx().sandbox.network = true;
  auto allowed = bash("cat /sys/class/net/lo/operstate >/dev/null; ls /sys/class/net | wc -l");
  EXPECT_FALSE(allowed.is_error) << allowed.text;
}

TEST_F(SandboxTest, NothingOutlivesTheCommand) {
  auto r = bash("(setsid sleep 301 & ) ; sleep 0.1; echo started");
  EXPECT_FALSE(r.is_error) << r.text;
  // The background sleep lived in the command's PID namespace, which ended with it.
  auto check = testing::call(tool, json{{"command", "pgrep -f '[s]leep 301' || echo none"}}, TempWorkspace().ctx());
  EXPECT_NE(check.text.find("none"), std::string::npos) << check.text;
}

/// Runs `command` in the sandbox the way bash does, and what SandboxRun::finish says.
ProcessResult run_sandboxed(const SandboxSettings& s, const fs::path& ws, const std::string& command,
                            std::string* swept = nullptr) {
  ProcessOptions o;
  o.argv = {"/bin/bash", "-c", command};
  o.cwd = ws;
  o.timeout = std::chrono::seconds(30);
  auto run = sandbox_process(o, s, ws);
  EXPECT_TRUE(run.has_value()) << run.error().message;
  if (!run) return {};
  auto r = run_process(o);
  EXPECT_TRUE(r.has_value()) << r.error().message;
  std::string note = run->finish();
  if (swept) *swept = note;
  return r.value_or(ProcessResult{});
}

TEST_F(SandboxTest, CodeForOutsideCannotBePlantedAndCommitsWork) {
  fs::path root = fs::canonical(ws.root());
  ASSERT_EQ(std::system(("git init -q " + root.string()).c_str()), 0);
  ws.write("f.txt", "one\n");
  std::string config = ws.read(".git/config");
  SandboxSettings s{.enabled = true, .network = false};
  const std::string git = "git -c user.email=t@example.com -c user.name=t ";

  auto fsmonitor = run_sandboxed(s, root, "git config core.fsmonitor 'touch /var/tmp/x'");
  EXPECT_NE(fsmonitor.exit_code, 0) << fsmonitor.output;
  EXPECT_EQ(ws.read(".git/config"), config);
  EXPECT_NE(sandbox_failure_note(fsmonitor.output, s, root).find("git commit still work"), std::string::npos)
      << fsmonitor.output;
  for (const char* planted : {".git/hooks/pre-commit", ".git/info/attributes", ".pair/settings.json"}) {
    auto r = run_sandboxed(s, root, std::string("echo x > ") + planted);
    EXPECT_NE(r.exit_code, 0) << planted << ": " << r.output;
    EXPECT_FALSE(ws.exists(planted)) << planted;
  }
  auto moved = run_sandboxed(s, root, "mv .git .git-old || mv .pair .pair-old");
  EXPECT_NE(moved.exit_code, 0) << moved.output;
  EXPECT_TRUE(fs::is_directory(root / ".git"));

  std::string swept;
  auto commondir = run_sandboxed(s, root, "echo ../evil > .git/commondir", &swept);
  EXPECT_EQ(commondir.exit_code, 0) << commondir.output;
  EXPECT_FALSE(fs::exists(root / ".git" / "commondir"));
  EXPECT_NE(swept.find(".git/commondir"), std::string::npos) << swept;

  auto commit = run_sandboxed(s, root, git + "add f.txt && " + git + "commit -qm inside && git log --format=%s");
  EXPECT_EQ(commit.exit_code, 0) << commit.output;
  EXPECT_EQ(commit.output, "inside\n");
}

TEST_F(SandboxTest, ALinkedWorktreeCommitsWhenItsRepositoryIsWritable) {
  TempWorkspace main_repo;
  fs::path repo = fs::canonical(main_repo.root()), wt = fs::canonical(ws.root()) / "wt";
  const std::string git = "git -c user.email=t@example.com -c user.name=t ";
  ASSERT_EQ(std::system((git + "init -q " + repo.string() + " && " + git + "-C " + repo.string() +
                         " commit -q --allow-empty -m init && " + git + "-C " + repo.string() + " worktree add -q " +
                         wt.string() + " 2>/dev/null")
                            .c_str()),
            0);
  std::string config = main_repo.read(".git/config");
  SandboxSettings s{.enabled = true, .network = false, .writable = {repo}};
  auto commit = run_sandboxed(s, wt, git + "commit -q --allow-empty -m in-worktree && git log -1 --format=%s");
  EXPECT_EQ(commit.exit_code, 0) << commit.output;
  EXPECT_EQ(commit.output, "in-worktree\n");
  auto fsmonitor = run_sandboxed(s, wt, "git config core.fsmonitor 'touch /var/tmp/x'");
  EXPECT_NE(fsmonitor.exit_code, 0) << fsmonitor.output;
  EXPECT_EQ(main_repo.read(".git/config"), config);
  EXPECT_FALSE(fs::exists(repo / ".git" / "worktrees" / "wt" / "hooks")) << "the worktree's own git directory";
  // Without the repository writable, the worktree's commits fail as before; its .git file stays.
  auto denied =
      run_sandboxed({.enabled = true, .network = false}, wt, git + "commit -q --allow-empty -m denied; echo x > .git");
  EXPECT_NE(denied.exit_code, 0) << denied.output;
  EXPECT_NE(main_repo.read(".git/worktrees/wt/HEAD"), "");
  EXPECT_EQ(ws.read("wt/.git").rfind("gitdir: ", 0), 0u) << ws.read("wt/.git");
}

TEST_F(SandboxTest, UnixSocketsReachTheHostOnlyWithNetwork) {
  if (find_executable("python3").empty()) GTEST_SKIP() << "no python3";
  fs::path path = fs::canonical(ws.root()) / "host.sock";
  int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  ASSERT_GE(listener, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  ASSERT_EQ(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ASSERT_EQ(::listen(listener, 4), 0);
  auto accepted = [&] {
    int c = ::accept(listener, nullptr, nullptr);
    if (c >= 0) ::close(c);
    return c >= 0;
  };
  std::string client =
      "python3 -c 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); "
      "print(\"reached\")' " +
      path.string();

  auto refused = run_sandboxed({.enabled = true, .network = false}, ws.root(), client);
  EXPECT_NE(refused.exit_code, 0) << refused.output;
  EXPECT_NE(refused.output.find("Address family not supported"), std::string::npos) << refused.output;
  EXPECT_FALSE(accepted()) << "a sandboxed command reached a host socket";
  // A connected pair stays allowed: it reaches nothing outside.
  auto socket_pair =
      run_sandboxed({.enabled = true, .network = false}, ws.root(),
                    "python3 -c 'import socket; a,b=socket.socketpair(); a.send(b\"x\"); print(b.recv(1))'");
  EXPECT_EQ(socket_pair.exit_code, 0) << socket_pair.output;

  auto reached = run_sandboxed({.enabled = true, .network = true}, ws.root(), client);
  EXPECT_EQ(reached.exit_code, 0) << reached.output;
  EXPECT_NE(reached.output.find("reached"), std::string::npos) << reached.output;
  EXPECT_TRUE(accepted());
  ::close(listener);
}

TEST(SandboxArgv, ShapesTheCommandLine) {
  TempWorkspace ws, extra;
  fs::path root = fs::canonical(ws.root()), other = fs::canonical(extra.root());
  auto argv = sandboxed_argv({.enabled = true, .network = false, .writable = {other}}, root, {"/bin/bash", "-c", "ls"});
  auto has = [&](std::vector<std::string> seq) {
    return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
  };
  EXPECT_EQ(argv.front(), "bwrap");
  EXPECT_TRUE(has({"--ro-bind", "/", "/"}));
  EXPECT_TRUE(has({"--tmpfs", "/tmp"}));
  EXPECT_TRUE(has({"--bind", root.string(), root.string()}));
  EXPECT_TRUE(has({"--bind", other.string(), other.string()}));
  EXPECT_TRUE(has({"--unshare-net"}));
  EXPECT_TRUE(has({"--unshare-pid"}));
  EXPECT_TRUE(has({"--chdir", root.string(), "--", "/bin/bash", "-c", "ls"}));
  auto with_net = sandboxed_argv({.enabled = true, .network = true}, root, {"true"});
  EXPECT_EQ(std::find(with_net.begin(), with_net.end(), "--unshare-net"), with_net.end());
}

/// Where `path` is mounted in `argv` ("--bind" or "--ro-bind"), and at which index; {"", npos} if not.
std::pair<std::string, size_t> mount_of(const std::vector<std::string>& argv, const fs::path& path) {
  for (size_t i = 0; i + 2 < argv.size(); ++i)
    if ((argv[i] == "--bind" || argv[i] == "--ro-bind") && argv[i + 1] == path.string() && argv[i + 2] == path.string())
      return {argv[i], i};
  return {"", std::string::npos};
}

TEST(SandboxArgv, ProtectsWhatRunsCodeOutsideTheSandbox) {
  TempWorkspace ws;
  fs::path root = fs::canonical(ws.root());
  ASSERT_EQ(std::system(("git init -q " + root.string() + " 2>/dev/null").c_str()), 0);
  fs::remove_all(root / ".git" / "hooks");  // missing ones are made first
  ASSERT_FALSE(fs::exists(root / ".pair"));
  auto cmd = sandbox_command({.enabled = true, .network = false}, root, {"true"}, -1);
  EXPECT_EQ(mount_of(cmd.argv, root).first, "--bind");
  EXPECT_EQ(mount_of(cmd.argv, root / ".git").first, "--bind") << "bound onto itself: cannot be moved away";
  for (const char* p : {".git/config", ".git/hooks", ".git/info", ".git/modules", ".git/worktrees", ".pair"})
    EXPECT_EQ(mount_of(cmd.argv, root / p).first, "--ro-bind") << p;
  EXPECT_TRUE(fs::is_directory(root / ".git" / "hooks"));
  EXPECT_TRUE(fs::is_directory(root / ".pair"));
  // Outer mounts first, so the inner ones win.
  EXPECT_LT(mount_of(cmd.argv, root).second, mount_of(cmd.argv, root / ".git").second);
  EXPECT_LT(mount_of(cmd.argv, root / ".git").second, mount_of(cmd.argv, root / ".git" / "config").second);
  // Files that cannot be mounted over are watched instead.
  EXPECT_NE(std::find(cmd.watched.begin(), cmd.watched.end(), root / ".git" / "commondir"), cmd.watched.end());
  EXPECT_NE(std::find(cmd.watched.begin(), cmd.watched.end(), root / ".git" / "config.worktree"), cmd.watched.end());
  EXPECT_EQ(std::find(cmd.watched.begin(), cmd.watched.end(), root / ".git" / "config"), cmd.watched.end());
}

TEST(SandboxArgv, FollowsAGitFileAndNeverBindsWhatLiesOutside) {
  TempWorkspace ws, outside;
  fs::path root = fs::canonical(ws.root()), away = fs::canonical(outside.root());
  // A worktree-style `.git` file naming a git directory outside the writable places.
  fs::create_directories(away / "gitdir" / "hooks");
  ws.write(".git", "gitdir: " + (away / "gitdir").string() + "\n");
  // A symlink in the workspace to a folder outside it.
  fs::create_directory_symlink(away, root / ".pair");
  auto cmd = sandbox_command({.enabled = true, .network = false}, root, {"true"}, -1);
  EXPECT_EQ(mount_of(cmd.argv, root / ".git").first, "--ro-bind") << "the .git file itself";
  for (const auto& a : cmd.argv) EXPECT_EQ(a.find(away.string()), std::string::npos) << a;

  // The same git directory made writable: it is protected there.
  auto writable = sandbox_command({.enabled = true, .network = false, .writable = {away}}, root, {"true"}, -1);
  EXPECT_EQ(mount_of(writable.argv, away / "gitdir").first, "--bind");
  EXPECT_EQ(mount_of(writable.argv, away / "gitdir" / "hooks").first, "--ro-bind");
}

/// Sets environment variables for a scope (nullptr: unset), then puts them back.
class ScopedEnv {
 public:
  ScopedEnv(std::initializer_list<std::pair<const char*, const char*>> vars) {
    for (auto [name, value] : vars) {
      const char* old = std::getenv(name);
      saved_.push_back({name, old ? std::optional<std::string>(old) : std::nullopt});
      if (value)
        ::setenv(name, value, 1);
      else
        ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    for (const auto& [name, value] : saved_) {
      if (value)
        ::setenv(name.c_str(), value->c_str(), 1);
      else
        ::unsetenv(name.c_str());
    }
  }

 private:
  std::vector<std::pair<std::string, std::optional<std::string>>> saved_;
};

TEST(SandboxArgv, PairsOwnDirectoriesInsideTheWorkspaceAreReadOnly) {
  TempWorkspace home;  // pair run in $HOME
  fs::path root = fs::canonical(home.root());
  ScopedEnv env(
      {{"HOME", root.c_str()}, {"XDG_CONFIG_HOME", nullptr}, {"XDG_DATA_HOME", nullptr}, {"XDG_STATE_HOME", nullptr}});
  auto cmd = sandbox_command({.enabled = true, .network = false}, root, {"true"}, -1);
  for (const char* p : {".config/pair", ".local/share/pair", ".local/state/pair"}) {
    EXPECT_EQ(mount_of(cmd.argv, root / p).first, "--ro-bind") << p;
    EXPECT_TRUE(fs::is_directory(root / p)) << p;
  }
  // pair run inside its own config folder: that folder stays writable.
  auto inside = sandbox_command({.enabled = true, .network = false}, root / ".config" / "pair", {"true"}, -1);
  EXPECT_EQ(mount_of(inside.argv, root / ".config" / "pair").first, "--bind");
}

TEST(SandboxArgv, TheSocketFilterOnlyWithoutNetwork) {
  TempWorkspace ws;
  auto has_seccomp = [](const std::vector<std::string>& argv, const std::string& fd) {
    std::vector<std::string> seq = {"--seccomp", fd};
    return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
  };
  EXPECT_TRUE(has_seccomp(sandbox_command({.enabled = true, .network = false}, ws.root(), {"true"}, 7).argv, "7"));
  auto no_filter = sandboxed_argv({.enabled = true, .network = false}, ws.root(), {"true"});
  EXPECT_EQ(std::find(no_filter.begin(), no_filter.end(), "--seccomp"), no_filter.end());

  ProcessOptions offline;
  offline.argv = {"true"};
  auto run = sandbox_process(offline, {.enabled = true, .network = false}, ws.root());
  ASSERT_TRUE(run.has_value()) << run.error().message;
  ASSERT_EQ(offline.inherit_fds.size(), 1u);
  EXPECT_TRUE(has_seccomp(offline.argv, std::to_string(offline.inherit_fds[0])));
  EXPECT_EQ(offline.argv.back(), "true");

  ProcessOptions online;
  online.argv = {"true"};
  ASSERT_TRUE(sandbox_process(online, {.enabled = true, .network = true}, ws.root()).has_value());
  EXPECT_TRUE(online.inherit_fds.empty());
  EXPECT_EQ(std::find(online.argv.begin(), online.argv.end(), "--seccomp"), online.argv.end());
  ASSERT_TRUE(unix_socket_filter().has_value()) << unix_socket_filter().error().message;
  EXPECT_EQ(unix_socket_filter()->size() % 8, 0u);
}

TEST(SandboxNote, OnlyForFailuresTheSandboxCaused) {
  SandboxSettings s{.enabled = true, .network = false};
  fs::path tmp = fs::temp_directory_path();  // writable outside the sandbox
  EXPECT_NE(sandbox_failure_note("bash: x: Read-only file system", s, tmp).find("writable"), std::string::npos);
  for (const char* protected_path :
       {"error: could not write config file .git/config: Device or resource busy",
        "bash: .git/hooks/pre-commit: Read-only file system", "rm: cannot remove '.pair': Device or resource busy"})
    EXPECT_NE(sandbox_failure_note(protected_path, s, tmp).find("git commit still work"), std::string::npos)
        << protected_path;
  EXPECT_NE(sandbox_failure_note("OSError: [Errno 97] Address family not supported by protocol", s, tmp)
                .find("refuses Unix-domain sockets"),
            std::string::npos);
  EXPECT_NE(sandbox_failure_note("curl: (6) Could not resolve host: x", s, tmp).find("network"), std::string::npos);
  EXPECT_EQ(sandbox_failure_note("error: expected ';'", s, tmp), "");
  s.network = true;
  EXPECT_EQ(sandbox_failure_note("curl: (6) Could not resolve host: x", s, tmp), "");
  EXPECT_EQ(sandbox_failure_note("socket: Address family not supported by protocol", s, tmp), "");
}

TEST(SandboxNote, DeniedPlacesAreReadFromTheMessages) {
  EXPECT_EQ(denied_places("touch: cannot touch '/usr/x': Read-only file system", "/ws"),
            std::vector<fs::path>{"/usr/x"});
  EXPECT_EQ(denied_places("bash: line 1: out.txt: Permission denied", "/ws"), std::vector<fs::path>{"/ws/out.txt"});
  EXPECT_EQ(denied_places("mkdir: cannot create directory ‘d/e’: Read-only file system", "/ws"),
            std::vector<fs::path>{"/ws/d/e"});
  EXPECT_TRUE(denied_places("error: expected ';'", "/ws").empty());
}

TEST(SandboxNote, APlaceThisUserCannotWriteIsNotBlamedOnTheSandbox) {
  // Root writes through permissions; tests/integration/test_sandbox_read_only.sh covers a read-only mount.
  if (geteuid() == 0) GTEST_SKIP() << "root can write a directory without write permission";
  TempWorkspace dir;
  fs::path locked = dir.root() / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
  SandboxSettings s{.enabled = true, .network = false};
  std::string note = sandbox_failure_note("bash: locked/x: Permission denied", s, dir.root());
  EXPECT_NE(note.find("outside pair's sandbox either"), std::string::npos) << note;
}

}  // namespace
}  // namespace pair
