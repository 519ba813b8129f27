#pragma once
/// The MCP servers of one engine: started in parallel when the engine is
/// made, their tools offered to the model for the whole session, stopped
/// when the engine goes.
///
/// The tools are fixed at start (so every request's tools, and the prompt
/// prefix a local server caches, stay byte-identical): sorted by name, after
/// pair's own tools. A server that fails to start offers nothing and is
/// reported once. A server that dies later keeps its tools in the prompt; the
/// next call of one of them starts it again (one try per call) and the death
/// is reported once. `notifications/tools/list_changed` is noted once and
/// applies from the next session.
///
/// Thread affinity: start() and add_tools() on the engine's thread; the
/// tools' calls may come from any thread.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/tool_registry.h"
#include "mcp/mcp_types.h"

namespace pair {

struct McpStartOptions {
  std::filesystem::path workspace;  ///< stdio servers run here
  /// Where each stdio server's stderr is appended, as NAME.log.
  std::filesystem::path log_dir;
  int64_t tool_budget_tokens = 2000;  ///< per server, 0: no limit (mcp/tool_budget.h)
  std::string client_version;
};

/// One server as /mcp shows it.
struct McpServerStatus {
  std::string name;
  std::string target;              ///< "stdio: COMMAND" or "http: URL" (no arguments or query: they may hold secrets)
  std::string state;               ///< "running", "stopped (...)", "did not start (...)"
  std::vector<std::string> tools;  ///< offered, `mcp__SERVER__TOOL`
  int64_t tokens = 0;              ///< their estimated cost per request
  std::string note;                ///< the budget's message, a changed tool list, or ""
};

class McpServerSet {
 public:
  struct Slot;  // one server (mcp_servers.cc)
  using Notice = std::function<void(const std::string&)>;

  /// Starts every server of `servers` at once and waits for them, each at
  /// most its startup timeout: the wait is as long as the slowest server's
  /// timeout, never longer. `notice` hears, once each, what the user should
  /// know (a server that did not start, skipped tools, the budget); it is
  /// kept for later reports and must outlive the set.
  static std::unique_ptr<McpServerSet> start(std::vector<mcp::ServerConfig> servers, McpStartOptions options,
                                             Notice notice);
  /// Closes every server.
  ~McpServerSet();
  McpServerSet(const McpServerSet&) = delete;
  McpServerSet& operator=(const McpServerSet&) = delete;

  /// Adds the started servers' tools to `tools`, sorted by name.
  void add_tools(ToolRegistry& tools) const;
  /// Every configured server, in name order. Any thread.
  std::vector<McpServerStatus> status() const;

 private:
  McpServerSet() = default;
  std::vector<std::shared_ptr<Slot>> slots_;
};

}  // namespace pair
