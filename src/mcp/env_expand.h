#pragma once
/// `${VAR}` and `${VAR:-default}` in MCP server settings, as Claude Code's
/// `.mcp.json` writes them, so a file can name a secret without holding it.
/// Pure.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace pair::mcp {

/// Looks up an environment variable (nullopt: unset). Tests pass a map.
using EnvLookup = std::function<std::optional<std::string>(std::string_view)>;
/// The process environment.
EnvLookup process_env();
/// The variables of `vars` only (an editor's environment for a server, tests).
EnvLookup env_of(std::map<std::string, std::string> vars);

/// `text` with each `${VAR}` replaced by VAR's value and each
/// `${VAR:-default}` by VAR's value, or `default` when VAR is unset or empty
/// (as the shell does). A `$` not followed by `{` stays as it is.
/// Errors (kConfig), for the caller to prefix with where: "${VAR} is not set"
/// (naming the variable), an unclosed `${`, a name that is not
/// [A-Za-z_][A-Za-z0-9_]*.
Result<std::string> expand_env(std::string_view text, const EnvLookup& env);

}  // namespace pair::mcp
