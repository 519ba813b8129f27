#pragma once
/// Starts, reuses, restarts and stops the model servers pair manages
/// (llama-server, or vLLM), one per port, shared by every pair process on the
/// machine through the records in the state directory (server_state.h).
///
/// `ensure_server` under the port's lock (so two pairs never both start one):
///   - our record, process alive, same model: reuse it (waiting while it loads);
///   - our record but the process is gone (crashed, killed): say so with the
///     end of its log and start it again;
///   - no record, but something listens on the port: reuse it when it is a
///     llama-server serving this very model (GET /props model_path) or a vLLM
///     serving its name; otherwise a clear error naming the program that holds
///     the port and what to do;
///   - otherwise start it and wait for /health, reporting load progress (the
///     server's resident memory against the model's size; /health itself only
///     says "Loading model").
/// The server outlives pair (its own session): the next pair finds it warm.
/// `pair server stop` ends it.
///
/// Thread affinity: any thread; blocking. Progress callbacks run on the
/// calling thread.

#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "local/server_state.h"
#include "util/error.h"

namespace pair {

/// Which server is wanted: enough to tell whether a running one will do.
struct ManagedServerSpec {
  std::string kind = "llama.cpp";  ///< or "vllm"
  std::string name;                ///< models.json entry
  std::string model;               ///< GGUF path (canonical), or vLLM model reference
  std::string alias;
  std::string host = "127.0.0.1";
  int port = 8004;
  std::string settings;  ///< what models.json asks for (ctx, gpu_layers, server_args): a change is noted
};

/// How to start it: decided only when it must start (the fit check reads free
/// memory, which a running server has already taken).
struct StartPlan {
  std::vector<std::string> argv;
  uint64_t context = 0;
  uint64_t model_bytes = 0;        ///< for load progress
  std::vector<std::string> notes;  ///< passed on to EnsureResult
};
using StartPlanner = std::function<Result<StartPlan>()>;

struct ServerProgress {
  std::string message;     ///< "loading qwen3-coder: 45% (6.1 of 13.5 GB)"
  double fraction = -1;    ///< 0..1 while loading; -1 when unknown
  bool transient = false;  ///< a progress update that the next one replaces
};
using ServerProgressHandler = std::function<void(const ServerProgress&)>;

enum class EnsureOutcome { kStarted, kRestarted, kReused, kReusedForeign };

struct EnsureResult {
  EnsureOutcome outcome = EnsureOutcome::kStarted;
  ServerRecord record;
  std::vector<std::string> notes;  ///< crash reports, settings that differ
  std::chrono::milliseconds waited{0};
};

struct EnsureOptions {
  /// Longest wait for the port lock and then for /health while the process lives.
  std::chrono::seconds timeout{1800};
  ServerProgressHandler on_progress;
};

Result<EnsureResult> ensure_server(const ManagedServerSpec& spec, const StartPlanner& planner,
                                   const EnsureOptions& options, std::stop_token stop = {});

struct ServerStatus {
  ServerRecord record;
  bool alive = false;    ///< the process exists
  bool healthy = false;  ///< /health answered 200
  bool loading = false;  ///< /health answered 503 (loading the model)
  uint64_t rss_bytes = 0;
};

/// Whether the process of a server pair started still runs (and is still
/// that server: a recycled pid is not).
bool server_running(const ServerRecord& record);

/// Every server pair started (from the records), with its state now.
std::vector<ServerStatus> server_statuses();
ServerStatus server_status(const ServerRecord& record);

/// Stops the server pair started on `port` (SIGTERM, then SIGKILL after
/// `grace`) and removes its record. Errors (kNotFound) when pair has no
/// record for the port.
Result<ServerRecord> stop_server(int port, std::chrono::milliseconds grace = std::chrono::seconds(15));

/// The last `lines` lines of a log file.
std::string log_tail(const std::filesystem::path& log, size_t lines);

}  // namespace pair
