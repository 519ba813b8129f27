// `pair acp`: the Agent Client Protocol on stdin/stdout, for editors that run pair as their agent.
#include <fcntl.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "acp/json_rpc.h"
#include "acp/line_reader.h"
#include "app/acp_agent.h"
#include "app/commands/local_cli.h"
#include "util/interrupt_watcher.h"

namespace pair {

namespace {

/// The largest message taken: room for embedded files, not for exhausting memory.
constexpr size_t kMaxMessageBytes = 64u << 20;

void write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the editor is gone; reading stdin ends next
    data.remove_prefix(static_cast<size_t>(n));
  }
}

}  // namespace

int run_acp_command(const CliOptions& options) {
  // SIGINT, SIGTERM or SIGHUP (the editor closing) stop reading; the sessions' turns are then
  // cancelled, their tools' processes killed, before pair exits.
  InterruptWatcher interrupts;
  // The protocol gets stdout to itself; anything else printed lands on stderr.
  // Close-on-exec: tools, MCP servers and model servers pair starts must not hold the editor's pipe.
  int protocol_out = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (protocol_out < 0 || ::dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    std::fprintf(stderr, "pair acp: cannot set up stdout for the protocol: %s\n", std::strerror(errno));
    return kExitTurnFailed;
  }
  acp::Connection connection([protocol_out](const std::string& line) { write_all(protocol_out, line + "\n"); });
  Result<void> read;
  {
    AcpAgent agent(connection, options);
    read = acp::read_lines(STDIN_FILENO, kMaxMessageBytes,
                           {[&](std::string_view line) { connection.receive(line); },
                            [&](size_t bytes) {
                              connection.respond_error(nullptr, acp::kInvalidRequest,
                                                       "a message of " + std::to_string(bytes) +
                                                           " bytes is over pair's limit of " +
                                                           std::to_string(kMaxMessageBytes) + " bytes; it was skipped");
                            }},
                           interrupts.token());
    connection.close();
  }
  ::close(protocol_out);
  if (!read && read.error().code == ErrorCode::kCancelled) return kExitInterrupted;
  if (!read) {
    std::fprintf(stderr, "pair acp: %s\n", read.error().message.c_str());
    return kExitTurnFailed;
  }
  return kExitOk;
}

}  // namespace pair
