#pragma once
/// A tool of an MCP server, offered to the model as `mcp__SERVER__TOOL`.
/// run() calls the server's tool (tools/call) with the call's stop token and
/// the server's call timeout, and turns its result into tool output: text
/// parts joined; PNG, JPEG, GIF and WebP images as the output's images, each
/// marked in the text where it was ("[image 1: image/png, about 300 bytes]";
/// the agent passes them on only to models that take images); other images
/// and other content described; `isError` an error result; the text capped
/// like bash output (head and tail kept). A protocol failure (the server died, timed out,
/// sent invalid JSON) is an error result naming the server; the session goes
/// on. Permissions: ToolAccess::kExternal, which asks in every mode but
/// bypass unless a rule `mcp__SERVER__TOOL` or `mcp__SERVER` allows it.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/tool.h"
#include "mcp/mcp_types.h"
#include "mcp/tool_names.h"

namespace pair {

/// Gives the tool its server's connection when a call starts: the live one,
/// or (after a crash) a restarted one. An error says why there is none
/// ("MCP server 'x' failed to start: ...") and becomes the call's result.
using McpConnectionSource = std::function<Result<std::shared_ptr<mcp::ServerConnection>>(std::stop_token)>;

class McpTool : public Tool {
 public:
  /// `offered`: the name, description and trimmed schema (mcp/tool_names.h).
  McpTool(mcp::OfferedTool offered, McpConnectionSource connection, std::chrono::milliseconds call_timeout);

  const ToolSpec& spec() const override { return offered_.spec; }
  /// kExternal; the summary names the tool, the detail is the arguments.
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;

 private:
  mcp::OfferedTool offered_;
  McpConnectionSource connection_;
  std::chrono::milliseconds call_timeout_;
};

/// A tools/call result as tool output, its text capped to `head` + `tail`
/// bytes (images are not counted: the agent applies the image size limit).
ToolOutput mcp_result_output(const mcp::CallResult& result, size_t head, size_t tail);

}  // namespace pair
