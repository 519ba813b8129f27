#include "tools/mcp_tool.h"

#include <nlohmann/json.hpp>

#include <optional>

#include "util/base64.h"
#include "util/capped_output.h"
#include "util/json_parse.h"

namespace pair {

namespace {

/// The summary's arguments are cut here: the detail carries them whole.
constexpr size_t kSummaryArgsChars = 120;

/// The image types every provider passes on (chat-completions data URLs,
/// Converse `image` blocks).
bool sendable_image(const mcp::ContentPart& part) {
  const std::string& t = part.mime_type;
  bool known = t == "image/png" || t == "image/jpeg" || t == "image/gif" || t == "image/webp";
  return known && !part.data.empty();
}

/// "image/png, about 300 bytes": how an image is named in the text.
std::string image_facts(const mcp::ContentPart& part) {
  std::string type = part.mime_type.empty() ? "unknown type" : part.mime_type;
  return type + ", about " + std::to_string(base64_decoded_size(part.data)) + " bytes";
}

/// "server 'NAME'" for messages: the name as configured.
std::string server_label(const mcp::OfferedTool& t) {
  return "MCP server '" + t.server + "'";
}

}  // namespace

McpTool::McpTool(mcp::OfferedTool offered, McpConnectionSource connection, std::chrono::milliseconds call_timeout)
    : offered_(std::move(offered)), connection_(std::move(connection)), call_timeout_(call_timeout) {}

Result<ToolEffect> McpTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  (void)ctx;
  ToolEffect effect;
  effect.access = ToolAccess::kExternal;
  std::string shown = dump_json(args);
  effect.detail = dump_json(args, 2);
  if (shown.size() > kSummaryArgsChars) shown = shown.substr(0, kSummaryArgsChars) + "…";
  effect.summary = offered_.spec.name + " " + shown;
  return effect;
}

ToolOutput McpTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  std::optional<Error> no_connection;  // why there is no server to call: said as it is
  auto call = [&]() -> Result<mcp::CallResult> {
    auto connection = connection_(ctx.stop);
    if (!connection) {
      no_connection = connection.error();
      return std::unexpected(connection.error());
    }
    return (*connection)->call_tool(offered_.server_tool, dump_json(args), ctx.stop, call_timeout_);
  };
  auto result = call();
  // A call the server never took runs once more on a new connection: nothing answered (it was
  // down), or it refused the session it no longer knows (it restarted). The tool did not run.
  if (!result && !no_connection &&
      (result.error().code == ErrorCode::kConnection ||
       (result.error().code == ErrorCode::kDisconnected && result.error().http_status != 0)))
    result = call();
  if (!result && no_connection) return ToolOutput::error(no_connection->message);
  if (result) return mcp_result_output(*result, ctx.limits.bash_output_head, ctx.limits.bash_output_tail);
  const Error& e = result.error();
  std::string what = server_label(offered_) + ", tool '" + offered_.server_tool + "': ";
  switch (e.code) {
    case ErrorCode::kCancelled: return ToolOutput::error(what + "the call was cancelled");
    case ErrorCode::kTimeout:
      return ToolOutput::error(what + e.message + " (`call_timeout_ms` in the server's MCP configuration)");
    default:
      return ToolOutput::error(what + e.message +
                               ". The call failed in the connection to the server, not in the tool; a crashed "
                               "server is started again on the next call.");
  }
}

ToolOutput mcp_result_output(const mcp::CallResult& result, size_t head, size_t tail) {
  CappedOutput out(head, tail);
  std::vector<ImageContent> images;
  bool first = true;
  for (const auto& part : result.content) {
    if (!first) out.append("\n");
    first = false;
    switch (part.kind) {
      case mcp::ContentPart::Kind::kText: out.append(part.text); break;
      case mcp::ContentPart::Kind::kImage:
        if (sendable_image(part)) {
          images.push_back({part.mime_type, part.data});
          // The marker keeps the order of text and images clear to the model.
          out.append("[image " + std::to_string(images.size()) + ": " + image_facts(part) + "]");
        } else {
          out.append("[image (" + image_facts(part) +
                     ") not shown: only PNG, JPEG, GIF and WebP images reach the model]");
        }
        break;
      case mcp::ContentPart::Kind::kOther: out.append(part.text); break;
    }
  }
  std::string text = out.render();
  if (text.empty()) text = result.is_error ? "the tool failed and said nothing more" : "(the tool returned nothing)";
  return {std::move(text), result.is_error, std::move(images)};
}

}  // namespace pair
