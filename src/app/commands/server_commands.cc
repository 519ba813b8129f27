// pair server start|stop|status|logs [MODEL]
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <thread>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/engine.h"
#include "app/progress_line.h"
#include "config/models_config.h"
#include "headless/headless_approvals.h"
#include "local/gguf_model.h"
#include "local/local_model.h"
#include "local/server_command.h"
#include "local/server_manager.h"
#include "local/server_state.h"
#include "util/byte_size.h"
#include "util/interrupt_watcher.h"
#include "util/json_parse.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

/// The models.json entry named on the command line (or -m, or the default).
Result<ModelConfig> chosen_model(const CliOptions& o, const ModelsFile& models) {
  std::string name = !o.local.args.empty() ? o.local.args.front() : o.model;
  return select_model(models, name);
}

std::string uptime(int64_t started) {
  if (started <= 0) return "?";
  int64_t s = static_cast<int64_t>(std::time(nullptr)) - started;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60));
  else
    std::snprintf(buf, sizeof buf, "%lldm%02llds", static_cast<long long>(s / 60), static_cast<long long>(s % 60));
  return buf;
}

int start(const CliOptions& o) {
  fs::path ws = command_workspace(o);
  auto models = load_models(ws);
  if (!models) return report_error(models.error());
  auto model = chosen_model(o, *models);
  if (!model) return report_error(model.error());
  if (!model->is_managed())
    return report_error(
        {ErrorCode::kInvalidArgument,
         "model \"" + model->name + "\" is a server URL (" + model->url +
             "); pair starts servers only for local models: give the entry \"gguf\" or \"hf\" (pair model "
             "add NAME --gguf FILE)"});
  InterruptWatcher interrupts;
  ProgressLine progress;
  LocalModelOptions lo;
  lo.force = o.force;
  lo.context = o.local.ctx;
  lo.on_progress = [&](const ServerProgress& p) {
    if (p.transient)
      progress.update(p.message);
    else
      progress.line(p.message);
  };
  lo.on_pull = [&](const PullProgress& p) { progress.update(format_pull_progress(p)); };
  ServerPlanDetails details;
  auto ensured = ensure_model_server(*model, lo, interrupts.token(), &details);
  progress.clear();
  if (!ensured) return report_error(ensured.error());
  for (const auto& note : ensured->notes) std::fprintf(stderr, "note: %s\n", note.c_str());
  const ServerRecord& r = ensured->record;
  std::string how;
  switch (ensured->outcome) {
    case EnsureOutcome::kStarted: how = "started"; break;
    case EnsureOutcome::kRestarted: how = "restarted"; break;
    case EnsureOutcome::kReused: how = "already running"; break;
    case EnsureOutcome::kReusedForeign: how = "already served (not by pair)"; break;
  }
  std::printf("%s: %s on http://%s:%d/v1", model->name.c_str(), how.c_str(), r.host.c_str(), r.port);
  if (r.pid > 0) std::printf(" (pid %d, context %llu)", r.pid, static_cast<unsigned long long>(r.context));
  if (ensured->outcome == EnsureOutcome::kStarted || ensured->outcome == EnsureOutcome::kRestarted)
    std::printf(" in %.1f s", static_cast<double>(ensured->waited.count()) / 1000.0);
  std::printf("\n");
  if (details.fit && details.model && o.verbose)
    std::fprintf(stderr, "%s", format_fit_report(*details.model, *details.fit, probe_memory()).c_str());
  if (o.local.no_warm_up) return kExitOk;

  // Warm the prompt cache with exactly what this workspace's first turn will send.
  HeadlessApprovals approvals;
  EngineOptions eo;
  eo.workspace = ws;
  eo.model_name = model->name;
  auto engine = Engine::create(eo, approvals, [](const AgentEvent&) {});
  if (!engine) return report_error(engine.error());
  auto warm = (*engine)->warm_up(interrupts.token());
  if (!warm) {
    std::fprintf(stderr, "pair: warm-up failed (turns still work, the first one is just slower): %s\n",
                 warm.error().message.c_str());
    return kExitOk;
  }
  if (warm->sent)
    std::printf("warmed up: %lld prompt tokens (system prompt, tools, this workspace's context) cached in %.0f ms\n",
                static_cast<long long>(warm->prompt_tokens), warm->prompt_ms);
  return kExitOk;
}

/// The ports whose servers `o` means: MODEL's, --all, or the default model's.
Result<std::vector<int>> chosen_ports(const CliOptions& o) {
  std::vector<int> ports;
  if (o.local.all) {
    for (const auto& r : list_server_records()) ports.push_back(r.port);
    return ports;
  }
  auto models = load_models(command_workspace(o));
  if (!models) return std::unexpected(models.error());
  auto model = chosen_model(o, *models);
  if (!model) return std::unexpected(model.error());
  auto endpoint = managed_endpoint(*model);
  if (!endpoint || !model->is_managed()) {
    if (o.local.args.empty()) {  // no name: the servers pair runs, whatever the default model is
      for (const auto& r : list_server_records()) ports.push_back(r.port);
      return ports;
    }
    return fail(ErrorCode::kInvalidArgument, "model \"" + model->name + "\" is not a local model pair runs");
  }
  ports.push_back(endpoint->second);
  return ports;
}

int stop(const CliOptions& o) {
  auto ports = chosen_ports(o);
  if (!ports) return report_error(ports.error());
  if (ports->empty()) {
    std::printf("no servers started by pair are running\n");
    return kExitOk;
  }
  int status = kExitOk;
  for (int port : *ports) {
    auto stopped = stop_server(port);
    if (!stopped && stopped.error().code == ErrorCode::kNotFound) {
      // Nothing to stop is the state the user asked for, not a mistake in the command.
      std::printf("nothing to stop: no server started by pair is running on port %d\n", port);
      continue;
    }
    if (!stopped) {
      std::fprintf(stderr, "pair: %s\n", stopped.error().message.c_str());
      status = kExitTurnFailed;
      continue;
    }
    std::printf("stopped %s for \"%s\" on port %d (pid %d)\n", stopped->kind.c_str(), stopped->name.c_str(), port,
                stopped->pid);
  }
  return status;
}

int status(const CliOptions& o) {
  std::vector<ServerStatus> all = server_statuses();
  if (!o.local.args.empty()) {
    auto ports = chosen_ports(o);
    if (!ports) return report_error(ports.error());
    std::erase_if(all, [&](const ServerStatus& s) {
      return std::find(ports->begin(), ports->end(), s.record.port) == ports->end();
    });
  }
  if (o.local.json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : all)
      list.push_back({{"name", s.record.name},
                      {"kind", s.record.kind},
                      {"port", s.record.port},
                      {"pid", s.record.pid},
                      {"model", s.record.model},
                      {"context", s.record.context},
                      {"alive", s.alive},
                      {"healthy", s.healthy},
                      {"loading", s.loading},
                      {"rss_bytes", s.rss_bytes},
                      {"log", s.record.log.string()},
                      {"slot_save_path", s.record.slot_save_path.string()},
                      {"started_unix", s.record.started_unix}});
    std::printf("%s\n", dump_json(list, 2).c_str());
    return kExitOk;
  }
  if (all.empty()) {
    std::printf("no servers started by pair (pair server start [MODEL] starts one)\n");
    return kExitOk;
  }
  for (const auto& s : all) {
    const auto& r = s.record;
    std::string state = !s.alive    ? "NOT RUNNING (crashed or killed; pair starts it again when needed)"
                        : s.healthy ? "ready"
                        : s.loading ? "loading the model"
                                    : "not answering";
    std::printf("%s (%s)\n", r.name.c_str(), r.kind.c_str());
    std::printf("  state     %s\n", state.c_str());
    std::printf("  address   http://%s:%d/v1   pid %d   up %s%s\n", r.host.c_str(), r.port, r.pid,
                uptime(r.started_unix).c_str(), s.alive ? ("   memory " + format_gib(s.rss_bytes)).c_str() : "");
    std::printf("  model     %s   context %llu\n", r.model.c_str(), static_cast<unsigned long long>(r.context));
    std::printf("  log       %s\n", r.log.string().c_str());
    if (!r.slot_save_path.empty()) std::printf("  slots     %s\n", r.slot_save_path.string().c_str());
    std::printf("  command   %s\n", shell_join(r.argv).c_str());
  }
  return kExitOk;
}

int logs(const CliOptions& o) {
  auto ports = chosen_ports(o);
  if (!ports) return report_error(ports.error());
  if (ports->empty()) {
    std::printf("no servers started by pair\n");
    return kExitOk;
  }
  fs::path log = server_log_path(ports->front());
  std::error_code ec;
  if (!fs::exists(log, ec)) return report_error({ErrorCode::kNotFound, "no log at " + log.string()});
  std::printf("==> %s <==\n%s\n", log.string().c_str(), log_tail(log, static_cast<size_t>(o.local.lines)).c_str());
  if (!o.local.follow) return kExitOk;
  std::fflush(stdout);
  InterruptWatcher interrupts;
  std::ifstream in(log, std::ios::binary);
  in.seekg(0, std::ios::end);
  std::string chunk(64 * 1024, '\0');
  while (!interrupts.token().stop_requested()) {
    in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    std::streamsize n = in.gcount();
    if (n > 0) {
      std::fwrite(chunk.data(), 1, static_cast<size_t>(n), stdout);
      std::fflush(stdout);
    } else {
      in.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(300));
    }
  }
  return kExitOk;
}

}  // namespace

int run_server_command(const CliOptions& o) {
  const std::string& a = o.local.action;
  if (a == "start") return start(o);
  if (a == "stop") return stop(o);
  if (a == "status") return status(o);
  if (a == "logs") return logs(o);
  return kExitUsage;
}

}  // namespace pair
