#pragma once
/// The value types of pair's Model Context Protocol client, shared by the
/// transports, the client, the configuration and the tool adapter. Types only.
///
/// Terms: a *server* is one configured MCP server (a process pair starts, or
/// an HTTP endpoint); its *tools* are offered to the model as
/// `mcp__SERVER__TOOL`.

#include <chrono>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "util/error.h"

namespace pair::mcp {

/// The protocol revision pair asks for in `initialize`.
inline constexpr const char* kProtocolVersion = "2025-11-25";

/// One tool as the server lists it (tools/list).
struct ServerTool {
  std::string name;
  std::string description;
  /// The tool's inputSchema as compact JSON text, exactly as received (an
  /// object; the client refuses a tool whose schema is not one).
  std::string input_schema;
};

/// One part of a tool result's `content[]`.
struct ContentPart {
  enum class Kind {
    kText,
    kImage,  ///< base64 `data` with `mime_type`
    kOther,  ///< audio, resource links, embedded resources, unknown types: `text` describes it
  };
  Kind kind = Kind::kText;
  std::string text;
  std::string mime_type;
  std::string data;  ///< base64, for images
};

/// The answer to tools/call.
struct CallResult {
  bool is_error = false;  ///< the server's `isError`: the tool failed, the protocol did not
  std::vector<ContentPart> content;
};

/// A connected, initialized server: what the tool adapter calls. Implemented
/// by mcp::Client; tests use fakes. Thread-safe: calls may overlap.
class ServerConnection {
 public:
  virtual ~ServerConnection() = default;
  /// Every tool, all pages of tools/list followed.
  virtual Result<std::vector<ServerTool>> list_tools(std::stop_token stop) = 0;
  /// Calls one tool. `arguments_json` is a JSON object's text. On `stop` the
  /// request is cancelled (notifications/cancelled) and kCancelled returned;
  /// after `timeout` likewise with kTimeout. Protocol failures (the server
  /// died, sent invalid JSON, answered with a JSON-RPC error) are errors;
  /// a tool's own failure is a CallResult with is_error.
  virtual Result<CallResult> call_tool(const std::string& name, const std::string& arguments_json, std::stop_token stop,
                                       std::chrono::milliseconds timeout) = 0;
};

/// One server of the configuration (Claude Code's `.mcp.json` format).
struct ServerConfig {
  enum class Transport { kStdio, kHttp };
  std::string name;
  Transport transport = Transport::kStdio;
  // stdio
  std::string command;
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  ///< `${VAR}` already expanded
  // http
  std::string url;
  std::map<std::string, std::string> headers;  ///< `${VAR}` already expanded
  bool enabled = true;
  /// When set, only these tools (server's names) are offered.
  std::optional<std::vector<std::string>> tools;
  std::chrono::milliseconds startup_timeout{10'000};
  std::chrono::milliseconds call_timeout{120'000};
  std::string source;  ///< the file it came from, for messages
};

}  // namespace pair::mcp
