#pragma once
/// How an MCP server's tools are named and described to the model:
/// `mcp__SERVER__TOOL` (Claude Code's convention, so permission rules and
/// habits carry over), each part reduced to [A-Za-z0-9_-] (any other
/// character becomes '_'), at most 64 characters in all (what model APIs
/// accept). When two tools of a server end with the same name, a tool whose
/// name needed no change keeps it and the others get '_' and 6 hex digits of
/// a hash of their own name (then a counter, should even that collide), so
/// the result depends only on the set of tools, never on their order.
/// Pure.

#include <string>
#include <string_view>
#include <vector>

#include "mcp/mcp_types.h"
#include "protocol/tool_spec.h"

namespace pair::mcp {

/// The longest tool name pair gives a model.
inline constexpr size_t kMaxToolName = 64;

/// One server tool as offered to the model.
struct OfferedTool {
  ToolSpec spec;            ///< `mcp__SERVER__TOOL`, the description, the trimmed schema (tool_schema.h)
  std::string server;       ///< the server's configured name
  std::string server_tool;  ///< the tool's own name, for tools/call
};

/// `s` with every character outside [A-Za-z0-9_-] made '_'.
std::string sanitize_name_part(std::string_view s);
/// "mcp__SERVER__": what every tool of `server` starts with (also the
/// permission rule for all of them, without the trailing "__").
std::string tool_name_prefix(std::string_view server);

/// What a server's tools become.
struct OfferedTools {
  std::vector<OfferedTool> tools;     ///< sorted by spec.name; names unique
  std::vector<std::string> problems;  ///< tools left out: "server \"s\": tool \"t\": why"
};

/// The tools of `server` as the model sees them. A tool whose schema is not a
/// JSON object, or whose name is empty, is left out and named in `problems`.
OfferedTools offer_server_tools(std::string_view server, const std::vector<ServerTool>& tools);

}  // namespace pair::mcp
