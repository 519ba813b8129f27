// pair doctor: what pair found, and for each problem the fix.
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/format_probe.h"
#include "app/permission_setup.h"
#include "app/project_trust_gate.h"
#include "app/provider_factory.h"
#include "config/models_config.h"
#include "config/models_origin.h"
#include "config/settings.h"
#include "config/settings_view.h"
#include "local/gguf_model.h"
#include "local/hf_repo.h"
#include "local/llama_install.h"
#include "local/local_model.h"
#include "local/memory_fit.h"
#include "local/memory_probe.h"
#include "local/model_store.h"
#include "local/server_manager.h"
#include "local/server_plan.h"
#include "providers/provider_error.h"
#include "tools/sandbox.h"
#include "util/byte_size.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/subprocess.h"
#include "util/token_count.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

class Report {
 public:
  void ok(const std::string& what) { std::printf("  ok    %s\n", what.c_str()); }
  void info(const std::string& what) { std::printf("  --    %s\n", what.c_str()); }
  void warn(const std::string& what, const std::string& fix) {
    std::printf("  warn  %s\n        fix: %s\n", what.c_str(), fix.c_str());
    ++warnings_;
  }
  void problem(const std::string& what, const std::string& fix) {
    std::printf("  FAIL  %s\n        fix: %s\n", what.c_str(), fix.c_str());
    ++problems_;
  }
  void section(const char* title) { std::printf("%s\n", title); }
  int problems() const { return problems_; }
  int warnings() const { return warnings_; }

 private:
  int problems_ = 0, warnings_ = 0;
};

/// The command that makes pair run `m` from a GGUF file, written to the file
/// that is used here (with --project when that is the project's, which takes
/// precedence over the user's).
std::string gguf_entry_fix(const ModelConfig& m, const fs::path& workspace) {
  ModelsOrigin origin = models_origin(m.source, workspace);
  std::string command = "pair model add " + m.name + " --gguf FILE";
  if (origin == ModelsOrigin::kBuiltIn) return command + " --default";
  command += " --replace" + std::string(models_add_target_flag(origin));
  if (origin == ModelsOrigin::kProject)
    command += " (this project's " + m.source.string() + " is the file used here; it takes precedence over yours)";
  return command;
}

/// One tiny tool-call request: does the server hand pair the model's calls?
void check_tool_format(Report& r, ModelProvider& provider, const ModelConfig& m) {
  ToolFormatProbe probe = probe_tool_format(provider, std::chrono::seconds(20));
  std::string fix = tool_format_fix(probe, m.server, m.is_managed());
  switch (probe.format) {
    case ToolFormat::kStructured: r.ok(m.name + ": tool calls arrive structured"); break;
    case ToolFormat::kRecoveredText:
      r.warn(m.name + ": tool calls arrive as text in " + probe.family + " format (pair recovers them)", fix);
      break;
    case ToolFormat::kNothing:
      r.warn(m.name + ": asked to call a tool, the model answered without a call pair can use" +
                 (probe.detail.empty() ? std::string() : ": \"" + probe.detail + "\""),
             fix + "; or choose a model trained for tool calls");
      break;
    case ToolFormat::kFailed:
      r.warn(m.name + ": the tool-call check failed: " + probe.detail, "pair -p hi -m " + m.name + " shows the error");
      break;
  }
}

void check_url_model(Report& r, const ModelConfig& m, const fs::path& workspace) {
  if (!m.api_key_env.empty() && !std::getenv(m.api_key_env.c_str())) {
    r.problem(m.name + ": the API key variable " + m.api_key_env + " is not set", "export " + m.api_key_env + "=...");
    return;
  }
  auto provider = make_provider(m);  // the key, headers and signing a request uses
  if (!provider) {
    r.problem(m.name + ": " + provider.error().message, "add the entry to your own models.json if you trust that host");
    return;
  }
  ProbeResult probe = (*provider)->probe(std::chrono::seconds(6), {});
  if (!probe.checked) {
    r.info(m.name + ": " + m.base_url + " (no quick check for this provider; pair -p hi -m " + m.name + " tries it)");
    return;
  }
  if (!probe.problem) {
    r.ok(m.name + ": " + m.base_url + " is reachable (" + std::to_string(static_cast<int>(probe.ms)) + " ms)");
    check_tool_format(r, **provider, m);
    return;
  }
  const Error& e = *probe.problem;
  auto url = parse_url(m.base_url);
  bool local = url && is_local_host(url->host);
  std::string what = m.name + ": " + brief_problem(e) + ": " + first_line(e.message);
  switch (e.code) {
    case ErrorCode::kConnection:
    case ErrorCode::kTimeout:
      r.problem(what, local ? "start the server there, or let pair run the model: " + gguf_entry_fix(m, workspace)
                            : "check the url in models.json and the network");
      break;
    case ErrorCode::kAuth: r.problem(what, "check the API key (api_key_env in models.json) and its permissions"); break;
    case ErrorCode::kWrongServer:
      r.problem(what, "another program listens there: point the url at the model server (llama-server, vLLM, ...)");
      break;
    default: r.warn(what, "check the url and modelId in models.json"); break;
  }
}

void check_managed_model(Report& r, const ModelConfig& m, const MemoryReadings& mem,
                         const std::optional<LlamaInstall>& llama) {
  LocalModelOptions o;
  o.allow_pull = false;
  auto path = resolve_model_path(m, o);
  if (!path) {
    r.problem(m.name + ": " + path.error().message,
              m.hf.empty() ? "fix \"gguf\" in models.json" : "pair model pull " + m.hf);
    return;
  }
  auto endpoint = managed_endpoint(m);
  if (!endpoint) {
    r.problem(endpoint.error().message, "use a localhost url for local models");
    return;
  }
  std::string where = "port " + std::to_string(endpoint->second);
  if (auto record = model_server_record(m)) {
    ServerStatus s = server_status(*record);
    if (s.alive)
      r.ok(m.name + ": " + record->kind + " running on " + where + " (pid " + std::to_string(record->pid) + ", " +
           (s.healthy   ? "ready"
            : s.loading ? "loading"
                        : "not answering") +
           ")");
    if (s.alive && s.healthy)
      if (auto provider = make_provider(m)) check_tool_format(r, **provider, m);
    if (!s.alive)
      r.warn(m.name + ": its server on " + where + " is no longer running (crashed or killed)",
             "nothing to do: pair starts it again on the next request (see pair server logs " + m.name + ")");
  } else {
    r.info(m.name + ": not running; pair starts it on " + where + " when it is used (or: pair server start " + m.name +
           ")");
  }
  if (m.server == ServerKind::kVllm) {
    const char* env = std::getenv("PAIR_VLLM");
    if (find_executable(env && *env ? env : "vllm").empty())
      r.problem(m.name + ": served by vLLM, which is not installed", "pip install vllm (NVIDIA GPU), or serve a GGUF");
    return;
  }
  auto info = read_gguf_model(*path);
  if (!info) {
    r.problem(m.name + ": " + info.error().message, "download the model again");
    return;
  }
  FitRequest rq;
  rq.gpu_layers = m.gpu_layers;
  rq.gpu_backend = llama && llama->backend != "cpu";
  rq.context = m.ctx ? static_cast<uint64_t>(*m.ctx) : choose_context(*info, 0, rq, mem, nullptr);
  FitPlan fit = plan_fit(*info, rq, mem);
  std::string model = info->architecture + " " + format_parameters(info->parameters) + " " + info->file_type + ", " +
                      format_bytes(info->file_bytes);
  if (fit.fits())
    r.ok(m.name + ": " + model + "; fits (" + format_gib(fit.total()) + " at " + format_tokens(fit.context) +
         " tokens)");
  else if (model_server_record(m) && server_status(*model_server_record(m)).alive)
    r.ok(m.name + ": " + model + " (running, so its memory is already taken)");
  else
    r.problem(m.name + ": " + model + " does not fit: " + fit_shortfall(fit),
              fit.suggestions.empty() ? "a smaller model" : fit.suggestions.front());
  if (!info->has_chat_template)
    r.warn(m.name + ": the GGUF has no chat template", "tool calls need one; use a GGUF converted with its template");
}

void check_permissions(Report& r, const fs::path& workspace) {
  r.section("permissions");
  auto settings = Settings::load(workspace);
  if (!settings) {
    r.problem(settings.error().message, "fix the file at the line shown");
    return;
  }
  auto rules = load_permission_rules(*settings, workspace, [&](const std::string& p) {
    r.problem(p, "write the rule as tool(pattern), e.g. bash(git diff*) or edit_file(src/**)");
  });
  if (rules.empty()) r.info("no permission rules: reads inside the workspace run, everything else asks");
  for (const auto& line : describe_rules(rules)) r.info(line);
  SettingsView::Sandbox sandbox = read_settings_view(*settings).sandbox;
  if (!sandbox.enabled)
    r.warn("sandbox " + describe_sandbox(sandbox), "set /sandbox/enabled to true in settings.json");
  else if (!probe_sandbox().available)
    r.warn("sandbox " + describe_sandbox(sandbox),
           "install bubblewrap (sudo apt-get install bubblewrap) and allow unprivileged user namespaces "
           "(sysctl kernel.unprivileged_userns_clone=1)");
  else
    r.ok("sandbox " + describe_sandbox(sandbox));
}

void check_trust(Report& r, const fs::path& workspace) {
  r.section("trust");
  auto summary = summarize_project_trust(workspace);
  if (!summary) {
    r.problem(summary.error().message, "fix the file at the line shown");
  } else {
    const ProjectTrust& t = summary->trust;
    switch (t.state) {
      case TrustState::kNoFiles: r.info("this project has no pair files of its own (.pair/, .mcp.json)"); break;
      case TrustState::kTrusted: r.ok("this project is trusted (since " + t.trusted_at + ")"); break;
      case TrustState::kChanged:
      case TrustState::kDeclined:
      case TrustState::kUntrusted:
        if (summary->wants.empty()) {
          r.info("this project is not trusted; its pair files only hold preferences, which apply");
          break;
        }
        r.warn(std::string(t.state == TrustState::kChanged ? "this project's pair files changed since you trusted "
                                                             "them; ignored: "
                                                           : "this project is not trusted; ignored: ") +
                   join(summary->wants, "; "),
               "if you trust its files: pair trust");
        break;
    }
  }
  auto records = load_trust_records();
  if (!records) {
    r.problem(records.error().message, "fix or delete the file (pair trust writes it anew)");
    return;
  }
  size_t trusted = 0;
  for (const auto& rec : *records) {
    if (rec.fingerprint.empty()) continue;
    ++trusted;
    bool current = project_fingerprint(rec.workspace) == rec.fingerprint;
    r.info("trusted: " + rec.workspace + " (since " + rec.trusted_at + (current ? ")" : "; its files changed since)"));
  }
  if (trusted == 0) r.info("no trusted projects (" + trust_store_path().string() + ")");
}

}  // namespace

int run_doctor(const CliOptions& o) {
  Report r;
  MemoryReadings mem = probe_memory();

  r.section("llama.cpp");
  std::optional<LlamaInstall> llama;
  if (auto found = find_llama_install(mem.has_gpu())) {
    llama = *found;
    r.ok("llama-server " + found->version + " (" + found->backend + ") at " + found->server.string());
    std::error_code ec;
    for (const auto& tool : {found->quantize, found->tokenize})
      if (!fs::exists(tool, ec)) r.warn(tool.filename().string() + " is missing", "run pair setup llama.cpp again");
    if (mem.has_gpu() && !mem.unified() && found->backend == "cpu")
      r.warn("a GPU is present but llama.cpp is a CPU build",
             "install the CUDA toolkit (nvcc) and run pair setup llama.cpp again (it builds a CUDA prefix)");
  } else {
    r.problem(found.error().message, "pair setup llama.cpp");
  }
  if (this_cpu_has_amx())
    r.info(
        "the CPU has Intel AMX: pair starts llama-server with --no-repack (this llama.cpp crashes on quantized "
        "models with AMX repacking)");

  r.section("memory");
  r.ok("RAM: " + format_gib(mem.ram_available) + " free of " + format_gib(mem.ram_total));
  for (const auto& g : mem.gpus)
    r.ok("GPU " + std::to_string(g.index) + ": " + g.name +
         (g.unified ? " (shares RAM)" : ": " + format_gib(g.free) + " free of " + format_gib(g.total)));
  if (mem.gpus.empty()) r.info("no NVIDIA GPU (nvidia-smi not found or no devices): models run on the CPU");
  for (const auto& n : mem.notes) r.warn(n, "check the NVIDIA driver (nvidia-smi)");

  r.section("tools");
  if (std::string rg = find_executable("rg"); !rg.empty())
    r.ok("ripgrep at " + rg);
  else
    r.problem("ripgrep (rg) is not installed: search_files and list_files need it", "sudo apt-get install ripgrep");

  check_permissions(r, command_workspace(o));
  check_trust(r, command_workspace(o));

  r.section("models");
  auto models = load_models(command_workspace(o));
  if (!models) {
    r.problem(models.error().message, "fix the file at the line shown");
  } else {
    if (models->path.empty())
      r.warn("no models.json: using the built-in default (a server at http://localhost:8004/v1)",
             "pair model add NAME --gguf FILE --default (or pull one: pair model pull org/repo:Q4_K_M --add NAME)");
    else if (auto shadowed = shadowed_user_models(*models, command_workspace(o)))
      r.ok("models from " + models->path.string() + " (this project's file: used here instead of " +
           shadowed->string() + ")");
    else
      r.ok("models from " + models->path.string());
    for (const auto& w : models->warnings) r.warn(w, "remove or correct the field");
    for (const auto& m : models->models) {
      if (m.purpose != ModelPurpose::kText) continue;
      if (m.is_managed())
        check_managed_model(r, m, mem, llama);
      else
        check_url_model(r, m, command_workspace(o));
    }
  }
  r.info("models directory " + models_dir().string() + " (" + std::to_string(list_local_models().size()) +
         " models); Hugging Face endpoint " + hf_endpoint() + (hf_auth_header().empty() ? "" : " with HF_TOKEN"));
  r.info("server state in " + servers_dir().string() + "; saved KV-cache slots in " + slot_save_dir().string());

  std::printf("\n%d problem%s, %d warning%s\n", r.problems(), r.problems() == 1 ? "" : "s", r.warnings(),
              r.warnings() == 1 ? "" : "s");
  return r.problems() > 0 ? kExitTurnFailed : kExitOk;
}

}  // namespace pair
