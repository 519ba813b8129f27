#pragma once
/// The MCP servers an editor passes in ACP's `session/new` and
/// `session/load` (`mcpServers`) as pair's MCP server configurations: stdio
/// ({name, command, args, env: [{name, value}]}) and HTTP ({type: "http",
/// name, url, headers: [{name, value}]}), the transports pair's MCP client
/// speaks and `initialize` advertises. Pure function.

#include <nlohmann/json_fwd.hpp>

#include <vector>

#include "mcp/mcp_types.h"
#include "util/error.h"

namespace pair {

/// Errors (kInvalidArgument, answered as invalid params) name the entry: not
/// an object, no name, no command or URL, or a transport pair does not
/// speak (sse).
Result<std::vector<mcp::ServerConfig>> acp_mcp_servers(const nlohmann::json& servers);

}  // namespace pair
