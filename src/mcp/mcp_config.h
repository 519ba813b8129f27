#pragma once
/// The MCP servers a user configured, read from the files users already have
/// (Claude Code's format):
///
///   {"mcpServers": {"NAME": {"type": "stdio", "command": "npx", "args": [...], "env": {...}},
///                   "NAME": {"type": "http", "url": "https://...", "headers": {...}}}}
///
/// in the user's `<config dir>/mcp.json` and the project's `.mcp.json`. `type`
/// may be left out (`command` means stdio, `url` means http). pair's own keys
/// per server: `enabled`, `tools` (an allow-list of the server's tool names),
/// `startup_timeout_ms`, `call_timeout_ms`. `${VAR}` and `${VAR:-default}` in
/// command, args, env, url and headers are taken from pair's environment.
///
/// A project's `.mcp.json` starts processes, so its servers are used only in a
/// trusted project (config/project_trust.h); until then they are listed as
/// not used. A project server replaces a user server of the same name only
/// when it is used.
///
/// Nothing here starts a server. A broken file or entry never stops the
/// others: it is reported (file:line, what to fix) and left out.
/// Thread affinity: none (pure, except load_mcp_servers reading files).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "mcp/env_expand.h"
#include "mcp/mcp_types.h"
#include "util/error.h"

namespace pair::mcp {

/// Which file a server comes from.
enum class Scope { kUser, kProject };
/// "user", "project": the words of `pair mcp --scope`.
std::string_view scope_name(Scope s);

/// `<config dir>/mcp.json`.
std::filesystem::path user_config_path();
/// `WORKSPACE/.mcp.json`.
std::filesystem::path project_config_path(const std::filesystem::path& workspace);

/// Whether `name` is a valid server name: [A-Za-z0-9_-]+, without "__" and
/// without '_' at either end. It becomes part of tool names, and a rule
/// `mcp__NAME` covers the tools named `mcp__NAME__*`: a server "a__b" or "a_"
/// would have its tools covered by the rules written for server "a".
bool valid_server_name(std::string_view name);
/// What valid_server_name asks for, for messages.
std::string_view server_name_rule();

/// One server entry of a file, as read.
struct ServerEntry {
  /// What becomes of it.
  enum class State {
    kUsed,       ///< started by a session
    kDisabled,   ///< `"enabled": false`
    kUntrusted,  ///< a project's, and the project is not trusted
    kShadowed,   ///< the same name in the other file wins
    kBroken,     ///< `problem` says why
  };
  std::string name;
  Scope scope = Scope::kUser;
  std::filesystem::path file;
  size_t line = 0;  ///< of the entry's name in `file`
  State state = State::kUsed;
  /// The server with `${VAR}` expanded (valid unless kBroken).
  ServerConfig config;
  /// The server as written, variables not expanded (so a listing shows no
  /// secret); complete as far as the entry could be read.
  ServerConfig written;
  /// The command line or URL as written (variables not expanded, so no
  /// secret is shown): for listings.
  std::string target;
  std::string problem;  ///< kBroken: "FILE:LINE: server \"x\": ... ; what to do"
};

/// Parses one file's text. A file that is not JSON, not an object, or whose
/// `mcpServers` is not an object is an error (kConfig, "FILE:LINE: ...");
/// a wrong entry is a kBroken entry; unknown keys are named in `warnings`.
/// Entries come in the file's order.
Result<std::vector<ServerEntry>> parse_mcp_file(std::string_view text, const std::filesystem::path& file, Scope scope,
                                                const EnvLookup& env, std::vector<std::string>* warnings = nullptr);

/// Every server both files configure, and what a session would use.
struct McpServers {
  /// Every entry of both files, sorted by name, the user's before the
  /// project's; `state` settled across files.
  std::vector<ServerEntry> entries;
  /// Files that could not be read or parsed, and broken entries: each a
  /// message naming file and line. Unknown keys too.
  std::vector<std::string> problems;

  /// The configs of the kUsed entries, sorted by name.
  std::vector<ServerConfig> used() const;
  /// The names of the project's servers withheld until `pair trust`.
  std::vector<std::string> untrusted() const;
  /// One line for the user when untrusted() is not empty, else "":
  /// "2 servers of .mcp.json (a, b) are not used until you trust this
  /// project: `pair trust`".
  std::string untrusted_notice() const;
};

/// Reads the user's file and (when it exists) the project's. The project's
/// servers are kUntrusted unless `project_trusted`.
McpServers load_mcp_servers(const std::filesystem::path& workspace, bool project_trusted, const EnvLookup& env);

}  // namespace pair::mcp
