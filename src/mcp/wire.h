#pragma once
/// MCP's result shapes turned into pair's types (mcp_types.h): the pages of
/// tools/list and the result of tools/call. Pure functions over JSON the
/// server sent; nothing here throws, whatever the input.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "mcp/mcp_types.h"

namespace pair::mcp {

/// The tools of one tools/list page (`result.tools`). A tool without a name,
/// with a name seen before (in `tools` already) or whose inputSchema is not an
/// object is skipped and a warning naming it and `server` is added to
/// `warnings`.
void read_tools_page(const nlohmann::json& result, const std::string& server, std::vector<ServerTool>& tools,
                     std::vector<std::string>& warnings);

/// A tools/call result: `content[]` (text; image with data and mimeType;
/// audio, embedded resources, resource links and unknown types described as
/// text) and `isError`. structuredContent stands in for an empty content.
CallResult read_call_result(const nlohmann::json& result);

}  // namespace pair::mcp
