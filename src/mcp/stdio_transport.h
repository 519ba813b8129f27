#pragma once
/// The stdio transport: pair starts the server as a child process (its own
/// process group) and speaks newline-delimited JSON-RPC on its stdin and
/// stdout. The server's stderr goes to a log file, never to the terminal.

#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "mcp/transport.h"
#include "util/child_process.h"
#include "util/unique_fd.h"

namespace pair::mcp {

struct StdioOptions {
  std::string command;  ///< looked up in PATH
  std::vector<std::string> args;
  std::map<std::string, std::string> env;  ///< added to pair's environment, replacing same names
  std::filesystem::path cwd;               ///< empty: pair's own
  /// The server's stderr is appended here (created 0600, parent directories
  /// made); empty: discarded.
  std::filesystem::path stderr_log;
  /// A line from the server longer than this is dropped and reported to the
  /// undeliverable handler; memory stays bounded by it.
  size_t max_message_bytes = 16 * 1024 * 1024;
  /// close(): how long the server may take to exit after its stdin closes,
  /// then after SIGTERM, before SIGKILL.
  std::chrono::milliseconds exit_grace{1000};
  std::chrono::milliseconds term_grace{2000};
};

/// Handlers run on the transport's reader thread, in the order the server
/// wrote its lines. send() and close() may be called from any thread.
class StdioTransport : public Transport {
 public:
  explicit StdioTransport(StdioOptions options);
  /// close().
  ~StdioTransport() override;

  void set_handlers(MessageHandler on_message, ClosedHandler on_closed) override;
  void set_undeliverable_handler(UndeliverableHandler on_undeliverable) override;
  /// Starts the process. A command that cannot be found is kNotFound naming
  /// it; a log that cannot be opened is kIo naming its path.
  Result<void> open(std::stop_token stop) override;
  /// Writes the message and a newline; waits (interruptible by `stop`) while
  /// the server does not read. kDisconnected once the server is gone.
  Result<void> send(const std::string& message, std::stop_token stop) override;
  /// Closes stdin, waits briefly, then SIGTERM and SIGKILL to the process
  /// group; joins the reader. The closed handler is not called for it.
  void close() override;
  std::string describe() const override;

 private:
  void read_loop();
  /// Splits what was read into lines and delivers them.
  void take_bytes(std::string_view bytes);
  /// Why the server is gone, for the closed handler: its exit status and the
  /// last line it wrote to stderr.
  Error closed_reason(const std::optional<ChildExit>& exit) const;
  std::string last_stderr_line() const;

  StdioOptions options_;
  MessageHandler on_message_;
  ClosedHandler on_closed_;
  UndeliverableHandler on_undeliverable_;
  std::unique_ptr<ChildProcess> child_;
  UniqueFd wake_read_, wake_write_;  // close() wakes the reader's poll
  std::uintmax_t log_start_ = 0;     // the log's size when this server started
  std::mutex write_mutex_;           // one message at a time on stdin
  std::atomic<bool> closing_{false};
  std::atomic<bool> gone_{false};  // the reader saw the server go
  std::string line_;
  bool discarding_ = false;  // inside a line over the cap
  std::thread reader_;
};

}  // namespace pair::mcp
