#pragma once
/// What pair remembers about the servers it started, in the state directory
/// (`$XDG_STATE_HOME/pair`, `~/.local/state/pair`):
///   servers/port-<P>.json   the record: pid, port, model, command line, log
///   servers/port-<P>.log    the server's output (the previous run's: .log.1)
///   servers/port-<P>.lock   held while a pair checks or starts the server
///   slots/                  llama-server --slot-save-path (saved KV caches)
/// One server per port; several pair processes share it through the record.
/// All of it is private to the user (directories 0700, files 0600): the slot
/// files hold a conversation's tokens, the logs its prompts.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

struct ServerRecord {
  int version = 1;
  std::string kind = "llama.cpp";  ///< or "vllm"
  std::string name;                ///< the models.json entry that started it
  int pid = 0;
  std::string host = "127.0.0.1";
  int port = 0;
  std::string model;  ///< the GGUF path (llama.cpp) or model reference (vLLM)
  std::string alias;  ///< the model id it serves
  uint64_t context = 0;
  uint64_t model_bytes = 0;  ///< for load progress
  std::vector<std::string> argv;
  std::string settings;  ///< ManagedServerSpec::settings when it started
  std::filesystem::path log;
  std::filesystem::path slot_save_path;
  int64_t started_unix = 0;
};

std::filesystem::path servers_dir();
/// Where llama-server saves and restores slots (`--slot-save-path`).
std::filesystem::path slot_save_dir();
std::filesystem::path server_record_path(int port);
std::filesystem::path server_log_path(int port);
std::filesystem::path server_lock_path(int port);

/// Makes servers_dir() (private), moves a previous log aside (`.log.1`) and
/// starts a new one, 0600, with `header`. Errors name the file.
Result<void> start_server_log(int port, std::string_view header);

std::string server_record_to_json(const ServerRecord& r);
Result<ServerRecord> server_record_from_json(std::string_view text, const std::filesystem::path& source);

/// The record for a port; nullopt when there is none (or it is unreadable: then it is stale).
std::optional<ServerRecord> read_server_record(int port);
Result<void> write_server_record(const ServerRecord& r);
void remove_server_record(int port);
/// Every record in the state directory, by port.
std::vector<ServerRecord> list_server_records();

}  // namespace pair
