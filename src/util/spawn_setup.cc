#include "util/spawn_setup.h"

#include <signal.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace pair {

void set_spawn_attributes(posix_spawnattr_t& attr) {
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  posix_spawnattr_setsigmask(&attr, &empty);
  sigemptyset(&defaults);
  for (int sig : {SIGPIPE, SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGCHLD}) sigaddset(&defaults, sig);
  posix_spawnattr_setsigdefault(&attr, &defaults);
}

ChildEnvironment::ChildEnvironment(std::vector<std::string> extra_env) : extra_env_(std::move(extra_env)) {
  for (char** e = environ; *e; ++e)
    if (!overridden(*e)) envp_.push_back(*e);
  for (const auto& e : extra_env_) envp_.push_back(const_cast<char*>(e.c_str()));
  envp_.push_back(nullptr);
}

bool ChildEnvironment::overridden(std::string_view entry) const {
  std::string_view name = entry.substr(0, entry.find('='));
  for (const auto& e : extra_env_)
    if (e.size() > name.size() && e.compare(0, name.size(), name) == 0 && e[name.size()] == '=') return true;
  return false;
}

Result<pid_t> spawn_in_new_session(posix_spawn_file_actions_t& actions, const std::vector<std::string>& argv,
                                   std::vector<std::string> extra_env) {
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  set_spawn_attributes(attr);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ChildEnvironment env(std::move(extra_env));
  pid_t pid = -1;
  int rc = ::posix_spawnp(&pid, args[0], &actions, &attr, args.data(), env.envp());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  if (rc != 0)
    return fail(rc == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                "cannot run " + argv[0] + ": " + std::strerror(rc));
  return pid;
}

}  // namespace pair
