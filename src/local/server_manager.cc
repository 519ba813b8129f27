#include "local/server_manager.h"

#include "local/server_exit.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <thread>

#include "http/http_client.h"
#include "local/gguf_model.h"
#include "local/process_info.h"
#include "local/server_exit.h"
#include "util/byte_size.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

/// flock(2) on the port's lock file; released when destroyed.
class PortLock {
 public:
  PortLock() = default;
  PortLock(PortLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  PortLock& operator=(PortLock&&) = delete;
  ~PortLock() {
    if (fd_ >= 0) ::close(fd_);
  }

  static Result<PortLock> acquire(int port, Clock::time_point deadline, const ServerProgressHandler& on_progress,
                                  std::stop_token stop) {
    if (auto made = make_private_dir(servers_dir()); !made) return std::unexpected(made.error());
    fs::path path = server_lock_path(port);
    PortLock lock;
    lock.fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock.fd_ < 0) return fail(ErrorCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
    ::fchmod(lock.fd_, 0600);  // one an older pair made 0644
    bool told = false;
    while (::flock(lock.fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR)
        return fail(ErrorCode::kIo, "cannot lock " + path.string() + ": " + std::strerror(errno));
      if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "cancelled while waiting for the server lock");
      if (Clock::now() > deadline)
        return fail(ErrorCode::kTimeout, "another pair has been starting the server on port " + std::to_string(port) +
                                             " for too long; see pair server status");
      if (!told && on_progress) {
        on_progress({.message = "waiting for another pair that is starting the server on port " + std::to_string(port),
                     .fraction = -1,
                     .transient = false});
        told = true;
      }
      std::this_thread::sleep_for(100ms);
    }
    return lock;
  }

 private:
  int fd_ = -1;
};

struct Probe {
  int status = 0;  ///< 0: no answer
  std::string body;
};

Probe http_get(HttpClient& http, const std::string& host, int port, const std::string& path) {
  HttpRequest rq;
  rq.method = "GET";
  rq.url = "http://" + host + ":" + std::to_string(port) + path;
  rq.connect_timeout = 2s;
  rq.total_timeout = 5s;
  rq.idle_timeout = 5s;
  auto r = http.send(rq, nullptr);
  if (!r) return {};
  return {r->status, r->body};
}

std::string normalized(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

/// What a server that is not in our records serves: llama-server's /props
/// model_path, or the ids in /v1/models.
bool serves_model(HttpClient& http, const ManagedServerSpec& spec, std::string* what) {
  if (spec.kind == "llama.cpp") {
    Probe props = http_get(http, spec.host, spec.port, "/props");
    if (props.status == 200) {
      auto j = parse_json(props.body, "/props").value_or(nlohmann::json());
      std::string path = json_string_or(j, "model_path");
      *what = "llama-server serving " + (path.empty() ? std::string("an unknown model") : path);
      return !path.empty() && normalized(path) == normalized(spec.model);
    }
  }
  Probe models = http_get(http, spec.host, spec.port, "/v1/models");
  if (models.status == 200) {
    auto j = parse_json(models.body, "/v1/models").value_or(nlohmann::json());
    if (!json_member(j, "data").is_array()) return false;
    std::vector<std::string> ids;
    for (const auto& m : json_array_member(j, "data")) ids.push_back(json_string_or(m, "id"));
    *what = "a server with the models " + join(ids, ", ");
    if (spec.kind == "vllm")
      for (const auto& id : ids)
        if (id == spec.alias || id == spec.model) return true;
  }
  return false;
}

bool looks_like_our_server(const ServerRecord& r) {
  auto cmd = process_cmdline(r.pid);
  if (cmd.empty()) return process_running(r.pid);  // not readable (another user): trust the record
  std::string port = std::to_string(r.port);
  for (size_t i = 0; i + 1 < cmd.size(); ++i)
    if ((cmd[i] == "--port" || cmd[i] == "-p") && cmd[i + 1] == port) return true;
  return false;
}

bool record_alive(const ServerRecord& r) {
  return process_running(r.pid) && looks_like_our_server(r);
}

std::string progress_text(const ServerRecord& r, double* fraction) {
  *fraction = -1;
  std::string label = "loading " + (r.name.empty() ? r.alias : r.name);
  if (r.model_bytes == 0) return label + "...";
  uint64_t rss = process_rss_bytes(r.pid);
  double f = std::min(0.99, static_cast<double>(rss) / static_cast<double>(r.model_bytes));
  *fraction = f;
  char buf[160];
  std::snprintf(buf, sizeof buf, ": %d%% (%s of %s)", static_cast<int>(f * 100),
                format_bytes(std::min(rss, r.model_bytes)).c_str(), format_bytes(r.model_bytes).c_str());
  return label + buf;
}

Result<void> wait_healthy(HttpClient& http, const ManagedServerSpec& spec, const ServerRecord& record,
                          Clock::time_point deadline, const EnsureOptions& o, std::stop_token stop) {
  auto last_report = Clock::now() - 1s;
  auto started = Clock::now();
  for (;;) {
    if (!process_running(record.pid)) {
      return fail(ErrorCode::kConnection, spec.kind + " for " + spec.name + " exited while starting; the end of " +
                                              record.log.string() + ":\n" + log_tail(record.log, 15));
    }
    Probe health = http_get(http, spec.host, spec.port, "/health");
    if (health.status == 200) return {};
    if (stop.stop_requested())
      return fail(ErrorCode::kCancelled, "stopped waiting; the server keeps loading in the background");
    if (Clock::now() > deadline)
      return fail(ErrorCode::kTimeout,
                  "the server for " + spec.name + " did not become ready in time; see " + record.log.string());
    if (o.on_progress && Clock::now() - last_report >= 500ms) {
      double fraction = -1;
      std::string text = progress_text(record, &fraction);
      if (health.status == 0 && fraction < 0.01) text = "starting " + spec.kind + " for " + spec.name + "...";
      o.on_progress({.message = text, .fraction = fraction, .transient = true});
      last_report = Clock::now();
    }
    std::this_thread::sleep_for(Clock::now() - started < 2s ? 50ms : 200ms);
  }
}

Result<ServerRecord> start(const ManagedServerSpec& spec, const StartPlan& plan) {
  // Private: the server writes its slot files (a conversation's tokens) into
  // slots/ with the umask 077 spawn_detached gives it, and its log holds prompts.
  if (auto made = make_private_dir(slot_save_dir()); !made) return std::unexpected(made.error());
  fs::path log = server_log_path(spec.port);
  {
    std::time_t now = std::time(nullptr);
    char when[32];
    std::strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", std::localtime(&now));
    std::string header = "[pair] " + std::string(when) + " starting " + spec.kind + " for " + spec.name + ":\n[pair] ";
    for (const auto& a : plan.argv) header += a + ' ';
    header += "\n";
    if (auto w = start_server_log(spec.port, header); !w) return std::unexpected(w.error());
  }
  auto pid = spawn_detached(plan.argv, log);
  if (!pid) return std::unexpected(pid.error());
  ServerRecord r;
  r.kind = spec.kind;
  r.name = spec.name;
  r.pid = *pid;
  r.host = spec.host;
  r.port = spec.port;
  r.model = spec.model;
  r.alias = spec.alias;
  r.context = plan.context;
  r.model_bytes = plan.model_bytes;
  r.argv = plan.argv;
  r.settings = spec.settings;
  r.log = log;
  r.slot_save_path = slot_save_dir();
  r.started_unix = static_cast<int64_t>(std::time(nullptr));
  if (auto w = write_server_record(r); !w) {
    terminate_process(r.pid, 2s);
    return std::unexpected(w.error());
  }
  return r;
}

std::string port_in_use_message(const ManagedServerSpec& spec, const std::string& what) {
  std::string who;
  if (auto owner = find_port_owner(spec.port))
    who = " by pid " + std::to_string(owner->pid) + " (" + owner->command + ")";
  return "port " + std::to_string(spec.port) + " is in use" + who + (what.empty() ? "" : ": " + what) +
         ", not by pair's server for \"" + spec.name + "\". Stop that program, or give \"" + spec.name +
         "\" another port in models.json (\"url\": \"http://localhost:" + std::to_string(spec.port + 1) + "/v1\")";
}

}  // namespace

Result<EnsureResult> ensure_server(const ManagedServerSpec& spec, const StartPlanner& planner, const EnsureOptions& o,
                                   std::stop_token stop) {
  auto begin = Clock::now();
  auto deadline = begin + o.timeout;
  auto lock = PortLock::acquire(spec.port, deadline, o.on_progress, stop);
  if (!lock) return std::unexpected(lock.error());
  HttpClient http;
  EnsureResult result;
  auto record = read_server_record(spec.port);
  if (record && record_alive(*record)) {
    if (normalized(record->model) != normalized(spec.model) || record->kind != spec.kind)
      return fail(ErrorCode::kConfig, "port " + std::to_string(spec.port) + " is serving \"" + record->name + "\" (" +
                                          record->model + ", pid " + std::to_string(record->pid) +
                                          "), started by pair. Stop it with `pair server stop " + record->name +
                                          "`, or give \"" + spec.name + "\" another port in models.json");
    if (record->settings != spec.settings)
      result.notes.push_back("the server for \"" + spec.name +
                             "\" runs with other settings than models.json now "
                             "gives; `pair server stop " +
                             spec.name + "` restarts it with them next time");
    if (auto w = wait_healthy(http, spec, *record, deadline, o, stop); !w) return std::unexpected(w.error());
    result.outcome = EnsureOutcome::kReused;
    result.record = *record;
    result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
    return result;
  }
  bool crashed = record.has_value();
  if (crashed) {
    // Said now, ahead of the restart's own progress.
    if (o.on_progress)
      o.on_progress({server_exit_notice(*record), -1, false});
    else
      result.notes.push_back(server_exit_notice(*record));
    remove_server_record(spec.port);
    // A server killed a moment ago can still hold its port while the system tears it down: give
    // the port a moment to close before taking it for another program's.
    for (auto until = Clock::now() + 3s; Clock::now() < until && port_listening(spec.host, spec.port, 200ms);)
      std::this_thread::sleep_for(100ms);
  }
  if (port_listening(spec.host, spec.port, 500ms)) {
    std::string what;
    if (serves_model(http, spec, &what)) {
      result.outcome = EnsureOutcome::kReusedForeign;
      result.record.kind = spec.kind;
      result.record.name = spec.name;
      result.record.host = spec.host;
      result.record.port = spec.port;
      result.record.model = spec.model;
      result.record.alias = spec.alias;
      result.notes.push_back("port " + std::to_string(spec.port) + " already serves this model (" + what +
                             ", not started by pair): using it");
      return result;
    }
    return fail(ErrorCode::kConfig, port_in_use_message(spec, what));
  }
  auto plan = planner();
  if (!plan) return std::unexpected(plan.error());
  result.notes.insert(result.notes.end(), plan->notes.begin(), plan->notes.end());
  if (o.on_progress)
    o.on_progress({(crashed ? "restarting " : "starting ") + spec.kind + " for " + spec.name + " on port " +
                       std::to_string(spec.port),
                   -1, false});
  auto started = start(spec, *plan);
  if (!started) return std::unexpected(started.error());
  if (auto w = wait_healthy(http, spec, *started, deadline, o, stop); !w) {
    if (w.error().code != ErrorCode::kCancelled) {
      terminate_process(started->pid, 5s);
      remove_server_record(spec.port);
    }
    return std::unexpected(w.error());
  }
  result.outcome = crashed ? EnsureOutcome::kRestarted : EnsureOutcome::kStarted;
  result.record = *started;
  result.waited = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - begin);
  return result;
}

bool server_running(const ServerRecord& record) {
  return record_alive(record);
}

ServerStatus server_status(const ServerRecord& record) {
  ServerStatus s;
  s.record = record;
  s.alive = record_alive(record);
  if (!s.alive) return s;
  s.rss_bytes = process_rss_bytes(record.pid);
  HttpClient http;
  Probe health = http_get(http, record.host, record.port, "/health");
  s.healthy = health.status == 200;
  s.loading = health.status == 503;
  return s;
}

std::vector<ServerStatus> server_statuses() {
  std::vector<ServerStatus> out;
  for (const auto& r : list_server_records()) out.push_back(server_status(r));
  return out;
}

Result<ServerRecord> stop_server(int port, std::chrono::milliseconds grace) {
  auto lock = PortLock::acquire(port, Clock::now() + grace + 30s, nullptr, {});
  if (!lock) return std::unexpected(lock.error());
  auto record = read_server_record(port);
  if (!record) return fail(ErrorCode::kNotFound, "pair has not started a server on port " + std::to_string(port));
  if (record_alive(*record) && !terminate_process(record->pid, grace))
    return fail(ErrorCode::kIo, "could not stop pid " + std::to_string(record->pid));
  remove_server_record(port);
  return *record;
}

std::string log_tail(const fs::path& log, size_t lines) {
  std::ifstream in(log, std::ios::binary);
  if (!in) return "(no log at " + log.string() + ")";
  in.seekg(0, std::ios::end);
  std::streamoff size = in.tellg();
  std::streamoff from = std::max<std::streamoff>(0, size - 16 * 1024);
  in.seekg(from);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto all = split_lines(text);
  if (from > 0 && !all.empty()) all.erase(all.begin());  // a partial first line
  if (all.size() > lines) all.erase(all.begin(), all.end() - static_cast<std::ptrdiff_t>(lines));
  return join(all, "\n");
}

}  // namespace pair
