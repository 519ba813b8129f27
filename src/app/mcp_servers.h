#pragma once
/// The MCP servers of one engine: started in parallel, in the background,
/// when the engine is made (while the user types), their tools offered to
/// the model for the whole session, stopped when the engine goes.
///
/// The tools are fixed once the start is over (so every request's tools, and
/// the prompt prefix a local server caches, stay byte-identical): sorted by
/// name, after pair's own tools; only `/mcp reload` (a new set) changes them. A server that fails to start offers
/// nothing and is reported once. A server that dies later keeps its tools in the prompt; the next call of one of them
/// starts it again (one try per call) and the death is reported once. `notifications/tools/list_changed` is noted once
/// and applies from the next session.
///
/// Thread affinity: begin(), wait_started() and add_tools() on the engine's
/// thread; status() and the tools' calls from any thread.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <thread>
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
  std::string state;               ///< "starting", "running", "stopped (...)", "did not start (...)"
  std::vector<std::string> tools;  ///< offered, `mcp__SERVER__TOOL`
  int64_t tokens = 0;              ///< their estimated cost per request
  std::string note;                ///< the budget's message, a changed tool list, or ""
};

class McpServerSet {
 public:
  struct Slot;  // one server (mcp_servers.cc)
  using Notice = std::function<void(const std::string&)>;

  /// Starts every server of `servers` at once, each on its own thread, and
  /// returns without waiting. Each has its startup timeout, counted from
  /// here. `notice` hears, once each, what the user should know (a server
  /// that did not start, skipped tools, the budget), from any thread; it is
  /// kept for later reports and must outlive the set.
  static std::unique_ptr<McpServerSet> begin(std::vector<mcp::ServerConfig> servers, McpStartOptions options,
                                             Notice notice);
  /// Waits until every server has started or failed; one still starting when
  /// its timeout is up is stopped and reported. So the wait ends by the
  /// slowest server's timeout after begin(), sooner when all are done. False
  /// when `stop` ended the wait first (the servers go on starting; call
  /// again).
  bool wait_started(std::stop_token stop = {});
  /// Stops the starts still under way and closes every server.
  ~McpServerSet();
  McpServerSet(const McpServerSet&) = delete;
  McpServerSet& operator=(const McpServerSet&) = delete;

  /// Adds the started servers' tools to `tools`, sorted by name. Only after
  /// wait_started() returned true.
  void add_tools(ToolRegistry& tools) const;
  /// Every configured server, in name order. Any thread.
  std::vector<McpServerStatus> status() const;

 private:
  McpServerSet() = default;
  std::vector<std::shared_ptr<Slot>> slots_;
  std::chrono::steady_clock::time_point began_;
  /// One per slot, starting it; joined (after a stop) in the destructor.
  std::vector<std::jthread> starters_;
};

}  // namespace pair
