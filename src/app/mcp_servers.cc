#include "app/mcp_servers.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "mcp/client.h"
#include "mcp/http_transport.h"
#include "mcp/stdio_transport.h"
#include "mcp/tool_budget.h"
#include "mcp/tool_names.h"
#include "tools/mcp_tool.h"

namespace pair {
namespace fs = std::filesystem;

struct McpServerSet::Slot {
  mcp::ServerConfig config;
  McpStartOptions options;
  Notice notice;

  std::mutex mu;  // guards everything below
  std::condition_variable_any started_cv;
  bool started = false;  // the start is over, whatever its outcome
  std::shared_ptr<mcp::Client> client;
  bool death_reported = false;
  bool changed_reported = false;

  // Set once by start (with `started`), read-only afterwards.
  std::vector<mcp::OfferedTool> offered;
  int64_t offered_tokens = 0;
  std::string failure;      // why it did not start; empty when it did
  std::string budget_note;  // the budget's message

  std::string label() const { return "MCP server '" + config.name + "'"; }

  fs::path log_path() const { return options.log_dir.empty() ? fs::path() : options.log_dir / (config.name + ".log"); }

  /// " (its log: PATH)" for a stdio server, where what it said on stderr is.
  std::string log_hint(const Error& e) const {
    if (config.transport != mcp::ServerConfig::Transport::kStdio || options.log_dir.empty()) return "";
    if (e.code == ErrorCode::kNotFound) return "";                            // it never ran: nothing in the log
    if (e.message.find(log_path().string()) != std::string::npos) return "";  // named already
    return " (its log: " + log_path().string() + ")";
  }

  std::unique_ptr<mcp::Transport> make_transport() const {
    if (config.transport == mcp::ServerConfig::Transport::kHttp) return std::make_unique<mcp::HttpTransport>(config);
    mcp::StdioOptions o;
    o.command = config.command;
    o.args = config.args;
    o.env = config.env;
    o.cwd = options.workspace;
    o.stderr_log = log_path();
    return std::make_unique<mcp::StdioTransport>(std::move(o));
  }

  /// A new, initialized client; its warnings go to the notice.
  Result<std::shared_ptr<mcp::Client>> connect(std::stop_token stop) {
    mcp::ClientOptions client_options;
    client_options.client_version = options.client_version;
    auto client = std::make_shared<mcp::Client>(make_transport(), std::move(client_options));
    if (auto r = client->connect(stop, config.startup_timeout); !r) return std::unexpected(r.error());
    return client;
  }

  /// At engine start, on its own thread: connect, list the tools, apply the allow-list and the
  /// budget; then mark the start over.
  void start(std::stop_token stop) {
    std::string why_not;
    std::shared_ptr<mcp::Client> started_client;
    mcp::BudgetDecision decision;
    auto connected = connect(stop);
    if (!connected) {
      why_not = connected.error().message;
      notice(label() + " did not start: " + why_not + log_hint(connected.error()) +
             ". Its tools are not offered in this session; `pair mcp get " + config.name + "` shows its settings.");
    } else if (auto tools = (*connected)->list_tools(stop); !tools) {
      for (const auto& w : (*connected)->take_warnings()) notice(w);
      why_not = tools.error().message;
      notice(label() + " did not list its tools: " + why_not + log_hint(tools.error()) +
             ". Its tools are not offered in this session.");
      (*connected)->close();
    } else {
      for (const auto& w : (*connected)->take_warnings()) notice(w);
      auto named = mcp::offer_server_tools(config.name, *tools);
      for (const auto& p : named.problems) notice("MCP " + p);
      decision = mcp::apply_tool_budget(config, std::move(named.tools), options.tool_budget_tokens);
      if (!decision.message.empty()) notice(decision.message);
      started_client = std::move(*connected);
    }
    std::lock_guard lock(mu);
    failure = std::move(why_not);
    budget_note = std::move(decision.message);
    offered_tokens = decision.offered_tokens;
    offered = std::move(decision.offered);
    client = std::move(started_client);
    started = true;
    started_cv.notify_all();
  }

  /// Waits for start to be over, at most until `deadline`; then stops it (`starter`) and waits for
  /// that, which is quick: connect and list end at a stop. False when `stop` came first.
  bool wait_started(std::chrono::steady_clock::time_point deadline, std::jthread& starter, std::stop_token stop) {
    std::unique_lock lock(mu);
    if (!started_cv.wait_until(lock, stop, deadline, [this] { return started; })) {
      if (stop.stop_requested()) return false;
      starter.request_stop();
      return started_cv.wait(lock, stop, [this] { return started; });
    }
    return true;
  }

  /// What a tool call talks to: the live client, or one started again when it died.
  Result<std::shared_ptr<mcp::ServerConnection>> connection(std::stop_token stop) {
    std::lock_guard lock(mu);
    if (client && client->tools_changed() && !changed_reported) note_changed_tools(stop);
    if (client && !client->closed_reason()) return std::shared_ptr<mcp::ServerConnection>(client);
    Error gone = client ? *client->closed_reason() : Error(ErrorCode::kDisconnected, "it is not running");
    const std::string& why = gone.message;
    if (!death_reported) {
      death_reported = true;
      notice(label() + " stopped: " + why + log_hint(gone) + "; it is started again when one of its tools is called");
    }
    if (client) client->close();
    client.reset();
    auto again = connect(stop);
    if (!again)
      return std::unexpected(Error(again.error().code, label() + " stopped (" + why +
                                                           ") and could not be started again: " +
                                                           again.error().message + log_hint(again.error())));
    client = std::move(*again);
    death_reported = false;  // a later death is news again
    return std::shared_ptr<mcp::ServerConnection>(client);
  }

  /// The server said its tools changed (`notifications/tools/list_changed`): re-read them, and
  /// when what the model would be offered differs, say (once) that the new list applies from the
  /// next session. Servers that re-announce the same tools are not worth a word.
  void note_changed_tools(std::stop_token stop) {
    // Bounded like a start: a server that announces a change and then never lists must not hold
    // the call (and the turn) for longer.
    std::stop_source limit;
    std::stop_callback forward(stop, [&limit] { limit.request_stop(); });
    std::jthread timer([&limit, wait = config.startup_timeout](std::stop_token done) {
      std::mutex m;
      std::condition_variable_any cv;
      std::unique_lock lock(m);
      if (!cv.wait_for(lock, done, wait, [] { return false; }) && !done.stop_requested()) limit.request_stop();
    });
    auto tools = client->list_tools(limit.get_token());  // clears the client's flag
    if (!tools) return;
    auto named = mcp::offer_server_tools(config.name, *tools);
    auto now = mcp::apply_tool_budget(config, std::move(named.tools), options.tool_budget_tokens).offered;
    if (std::ranges::equal(now, offered, {}, &mcp::OfferedTool::spec, &mcp::OfferedTool::spec)) return;
    changed_reported = true;
    notice(label() +
           " changed its tools; this session keeps the ones it started with (so the prompt stays the "
           "same); the new list applies from the next session, or `/mcp reload` in the terminal UI");
  }

  McpServerStatus status() {
    McpServerStatus s;
    s.name = config.name;
    if (config.transport == mcp::ServerConfig::Transport::kHttp)
      s.target = "http: " + config.url.substr(0, config.url.find('?'));
    else
      s.target = "stdio: " + config.command;
    std::lock_guard lock(mu);
    for (const auto& t : offered) s.tools.push_back(t.spec.name);
    s.tokens = offered_tokens;
    s.note = budget_note;
    if (!started) {
      s.state = "starting";
    } else if (!failure.empty()) {
      s.state = "did not start (" + failure + ")";
    } else if (client && !client->closed_reason()) {
      s.state = "running";
    } else {
      s.state = "stopped (" + (client ? client->closed_reason()->message : std::string("not running")) +
                "); the next call starts it again";
    }
    if (changed_reported)
      s.note += std::string(s.note.empty() ? "" : " ") +
                "Its tools changed; the new list applies from the next session, or now with `/mcp reload`.";
    return s;
  }

  void close() {
    std::lock_guard lock(mu);
    if (client) client->close();
    client.reset();
  }
};

std::unique_ptr<McpServerSet> McpServerSet::begin(std::vector<mcp::ServerConfig> servers, McpStartOptions options,
                                                  Notice notice) {
  std::unique_ptr<McpServerSet> set(new McpServerSet());
  set->began_ = std::chrono::steady_clock::now();
  for (auto& config : servers) {
    auto slot = std::make_shared<Slot>();
    slot->config = std::move(config);
    slot->options = options;
    slot->notice = notice;
    set->slots_.push_back(slot);
    set->starters_.emplace_back([slot](std::stop_token stop) { slot->start(stop); });
  }
  return set;
}

bool McpServerSet::wait_started(std::stop_token stop) {
  // connect() keeps to the startup timeout by itself; tools/list has none of its own, so a
  // server still listing when its time is up is stopped (and reported by its thread).
  for (size_t i = 0; i < slots_.size(); ++i)
    if (!slots_[i]->wait_started(began_ + slots_[i]->config.startup_timeout, starters_[i], stop)) return false;
  return true;
}

std::vector<McpServerStatus> McpServerSet::status() const {
  std::vector<McpServerStatus> out;
  for (const auto& slot : slots_) out.push_back(slot->status());
  return out;
}

McpServerSet::~McpServerSet() {
  starters_.clear();  // stops and joins the starts still under way
  for (auto& slot : slots_) slot->close();
}

void McpServerSet::add_tools(ToolRegistry& tools) const {
  std::vector<std::pair<mcp::OfferedTool, std::shared_ptr<Slot>>> all;
  for (const auto& slot : slots_) {
    std::lock_guard lock(slot->mu);
    for (const auto& t : slot->offered) all.emplace_back(t, slot);
  }
  std::ranges::sort(all, {}, [](const auto& p) { return p.first.spec.name; });
  for (auto& [offered, slot] : all) {
    auto timeout = slot->config.call_timeout;
    tools.add(std::make_unique<McpTool>(
        std::move(offered), [slot](std::stop_token stop) { return slot->connection(stop); }, timeout));
  }
}

}  // namespace pair
