// `pair mcp list|get|add|remove`: the MCP server configuration (mcp/mcp_config.h), managed like `claude mcp`.
// Nothing here starts a server.
#include <algorithm>
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "config/project_trust.h"
#include "mcp/mcp_config.h"
#include "mcp/mcp_config_writer.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using mcp::Scope;
using mcp::ServerConfig;
using mcp::ServerEntry;

namespace {

std::string_view state_words(ServerEntry::State s) {
  switch (s) {
    case ServerEntry::State::kUsed: return "used";
    case ServerEntry::State::kDisabled: return "disabled";
    case ServerEntry::State::kUntrusted: return "not used until `pair trust`";
    case ServerEntry::State::kShadowed: return "replaced by the project's";
    case ServerEntry::State::kBroken: return "broken";
  }
  return "used";
}

std::string_view transport_name(ServerConfig::Transport t) {
  return t == ServerConfig::Transport::kHttp ? "http" : "stdio";
}

/// Whether the entry got as far as its transport (a broken one may not).
bool transport_known(const ServerEntry& e) {
  return !e.written.command.empty() || !e.written.url.empty();
}

mcp::McpServers load(const fs::path& workspace) {
  return mcp::load_mcp_servers(workspace, project_trust(workspace).trusted(), mcp::process_env());
}

void print_problems(const mcp::McpServers& servers) {
  for (const auto& p : servers.problems) std::fprintf(stderr, "pair: %s\n", p.c_str());
}

int list_servers(const fs::path& workspace) {
  auto servers = load(workspace);
  if (servers.entries.empty()) {
    std::printf("No MCP servers configured (%s, %s).\nAdd one: pair mcp add NAME -- COMMAND [ARGS...]\n",
                mcp::user_config_path().c_str(), mcp::project_config_path(workspace).c_str());
    print_problems(servers);
    return kExitOk;
  }
  size_t name_w = 4, state_w = 5;
  for (const auto& e : servers.entries) {
    name_w = std::max(name_w, e.name.size());
    state_w = std::max(state_w, state_words(e.state).size());
  }
  std::printf("%-*s  %-7s  %-9s  %-*s  %s\n", static_cast<int>(name_w), "NAME", "SCOPE", "TRANSPORT",
              static_cast<int>(state_w), "STATE", "COMMAND OR URL");
  for (const auto& e : servers.entries)
    std::printf("%-*s  %-7s  %-9s  %-*s  %s\n", static_cast<int>(name_w), e.name.c_str(),
                std::string(mcp::scope_name(e.scope)).c_str(),
                transport_known(e) ? std::string(transport_name(e.config.transport)).c_str() : "?",
                static_cast<int>(state_w), std::string(state_words(e.state)).c_str(), e.target.c_str());
  print_problems(servers);
  if (auto notice = servers.untrusted_notice(); !notice.empty()) std::printf("%s\n", notice.c_str());
  return kExitOk;
}

void print_entry(const ServerEntry& e) {
  const ServerConfig& c = e.written;
  std::printf("%s\n", e.name.c_str());
  std::printf("  scope:     %s (%s:%zu)\n", std::string(mcp::scope_name(e.scope)).c_str(), e.file.c_str(), e.line);
  std::printf("  state:     %s\n", std::string(state_words(e.state)).c_str());
  if (!e.problem.empty()) std::printf("  problem:   %s\n", e.problem.c_str());
  if (!transport_known(e)) return;
  std::printf("  transport: %s\n", std::string(transport_name(c.transport)).c_str());
  if (c.transport == ServerConfig::Transport::kStdio) {
    std::printf("  command:   %s\n", c.command.c_str());
    if (!c.args.empty()) std::printf("  args:      %s\n", join(c.args, " ").c_str());
    for (const auto& [k, v] : c.env) std::printf("  env:       %s=%s\n", k.c_str(), v.c_str());
  } else {
    std::printf("  url:       %s\n", c.url.c_str());
    for (const auto& [k, v] : c.headers) std::printf("  header:    %s: %s\n", k.c_str(), v.c_str());
  }
  if (c.tools) std::printf("  tools:     %s\n", c.tools->empty() ? "(none)" : join(*c.tools, ", ").c_str());
  std::printf("  timeouts:  start %lld ms, call %lld ms\n", static_cast<long long>(c.startup_timeout.count()),
              static_cast<long long>(c.call_timeout.count()));
}

int get_server(const fs::path& workspace, const std::string& name) {
  auto servers = load(workspace);
  bool found = false;
  for (const auto& e : servers.entries) {
    if (e.name != name) continue;
    if (found) std::printf("\n");
    print_entry(e);
    found = true;
  }
  if (!found)
    return report_error({ErrorCode::kNotFound, "no MCP server named \"" + name + "\" in " +
                                                   mcp::user_config_path().string() + " or " +
                                                   mcp::project_config_path(workspace).string() +
                                                   "; `pair mcp list` shows the configured ones"});
  return kExitOk;
}

fs::path file_of(Scope scope, const fs::path& workspace) {
  return scope == Scope::kUser ? mcp::user_config_path() : mcp::project_config_path(workspace);
}

FileAccess access_of(Scope scope) {
  return scope == Scope::kUser ? FileAccess::kPrivate : FileAccess::kByLocation;
}

/// Writes the project's file through `write`, keeping a trusted project trusted (the user asked for the change).
template <class Write>
auto write_scoped(Scope scope, const fs::path& workspace, Write write) {
  std::string before = scope == Scope::kProject ? project_fingerprint(workspace) : "";
  auto r = write(file_of(scope, workspace), access_of(scope));
  if (r && scope == Scope::kProject)
    if (auto t = refresh_trust_after_own_write(workspace, before); !t)
      std::fprintf(stderr, "pair: %s\n", t.error().message.c_str());
  return r;
}

Result<ServerConfig> server_from_options(const LocalCommand& c) {
  ServerConfig s;
  s.name = c.args[0];
  if (!mcp::valid_server_name(s.name))
    return fail(ErrorCode::kInvalidArgument, "\"" + s.name + "\": " + std::string(mcp::server_name_rule()));
  if (c.transport == "http") {
    if (c.args.size() != 2)
      return fail(ErrorCode::kInvalidArgument,
                  "--transport http takes NAME URL, e.g. pair mcp add --transport http "
                  "docs https://example.com/mcp");
    if (!c.env_vars.empty()) return fail(ErrorCode::kInvalidArgument, "--env is for stdio servers; use --header");
    s.transport = ServerConfig::Transport::kHttp;
    s.url = c.args[1];
    if (!s.url.starts_with("http://") && !s.url.starts_with("https://"))
      return fail(ErrorCode::kInvalidArgument, "\"" + s.url + "\" is not an http:// or https:// URL");
    for (const auto& h : c.headers) {
      size_t colon = h.find(':');
      std::string key(trim(h.substr(0, colon == std::string::npos ? 0 : colon)));
      if (colon == std::string::npos || key.empty())
        return fail(ErrorCode::kInvalidArgument, "--header \"" + h + "\": write it as 'Name: value'");
      s.headers[key] = std::string(trim(h.substr(colon + 1)));
    }
    return s;
  }
  if (!c.headers.empty()) return fail(ErrorCode::kInvalidArgument, "--header is for http servers (--transport http)");
  s.command = c.args[1];
  s.args.assign(c.args.begin() + 2, c.args.end());
  for (const auto& kv : c.env_vars) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
      return fail(ErrorCode::kInvalidArgument, "--env \"" + kv + "\": write it as KEY=VALUE");
    s.env[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return s;
}

int add_server(const CliOptions& o, const fs::path& workspace) {
  auto server = server_from_options(o.local);
  if (!server) return report_error(server.error());
  Scope scope = o.local.scope == "project" ? Scope::kProject : Scope::kUser;
  auto added = write_scoped(scope, workspace, [&](const fs::path& file, FileAccess access) {
    return mcp::add_server(file, *server, access);
  });
  if (!added) return report_error(added.error());
  std::printf("Added MCP server \"%s\" to %s.\n", server->name.c_str(), file_of(scope, workspace).c_str());
  if (scope == Scope::kProject && !project_trust(workspace).trusted())
    std::printf("This project is not trusted, so its .mcp.json servers are not used until `pair trust`.\n");
  return kExitOk;
}

int remove_server(const CliOptions& o, const fs::path& workspace) {
  const std::string& name = o.local.args[0];
  std::vector<Scope> scopes;
  if (o.local.scope.empty()) {
    auto servers = load(workspace);
    for (const auto& e : servers.entries)
      if (e.name == name) scopes.push_back(e.scope);
    if (scopes.size() > 1)
      return report_error({ErrorCode::kInvalidArgument, "\"" + name + "\" is in both " +
                                                            mcp::user_config_path().string() + " and " +
                                                            mcp::project_config_path(workspace).string() +
                                                            "; say which with --scope user or --scope project"});
    if (scopes.empty()) scopes.push_back(Scope::kUser);  // a broken file is reported by the write below
  } else {
    scopes.push_back(o.local.scope == "project" ? Scope::kProject : Scope::kUser);
  }
  Scope scope = scopes.front();
  auto removed = write_scoped(scope, workspace, [&](const fs::path& file, FileAccess access) {
    return mcp::remove_server(file, name, access);
  });
  if (!removed) return report_error(removed.error());
  if (!*removed)
    return report_error({ErrorCode::kNotFound, "no MCP server named \"" + name + "\" in " +
                                                   file_of(scope, workspace).string() +
                                                   "; `pair mcp list` shows the configured ones"});
  std::printf("Removed MCP server \"%s\" from %s.\n", name.c_str(), file_of(scope, workspace).c_str());
  return kExitOk;
}

}  // namespace

int run_mcp_command(const CliOptions& o) {
  fs::path workspace = command_workspace(o);
  const std::string& action = o.local.action;
  if (action == "list") return list_servers(workspace);
  if (action == "get") return get_server(workspace, o.local.args[0]);
  if (action == "add") return add_server(o, workspace);
  if (action == "remove") return remove_server(o, workspace);
  return kExitUsage;
}

}  // namespace pair
