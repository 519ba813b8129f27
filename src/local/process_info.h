#pragma once
/// Processes and ports, as the server manager needs them: is a pid alive (a
/// zombie is not), what is it, who listens on a port, and starting a server
/// that outlives pair (its own session, output to a log file, no inherited
/// descriptors). Linux (/proc).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

/// True when the process exists and has not exited (zombies count as exited).
bool process_running(int pid);
/// Its command line (empty when gone or not readable).
std::vector<std::string> process_cmdline(int pid);
/// Resident memory in bytes (0 when unknown).
uint64_t process_rss_bytes(int pid);

/// True when something accepts TCP connections on host:port.
bool port_listening(const std::string& host, int port, std::chrono::milliseconds timeout);

struct PortOwner {
  int pid = 0;
  std::string command;  ///< its command line, shortened
};
/// The inode of the socket listening on `port` in /proc/net/tcp(6) text.
std::optional<uint64_t> listening_socket_inode(std::string_view proc_net_tcp, int port);
/// The process that listens on `port`, when /proc lets us see it.
std::optional<PortOwner> find_port_owner(int port);

/// Starts `argv` detached: in a new session, stdin /dev/null, stdout and
/// stderr appended to `log` (created 0600), every other descriptor closed,
/// signals reset, umask 077 (what a server writes, such as llama-server's slot
/// files, is private). Not a child of this process (so it is never our
/// zombie). Returns its pid; errors when it could not be started (the
/// executable missing, ...).
Result<int> spawn_detached(const std::vector<std::string>& argv, const std::filesystem::path& log);

/// SIGTERM, then SIGKILL after `grace`; true once the process is gone.
bool terminate_process(int pid, std::chrono::milliseconds grace);

}  // namespace pair
