#include "app/commands/local_cli.h"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "app/cli.h"

namespace pair {
namespace {

/// Required positionals, each with its own name in the usage line ("IN.gguf OUT.gguf TYPE"), collected
/// into `args` in order.
void add_positionals(CLI::App* command, std::vector<std::string>& args,
                     std::initializer_list<std::pair<const char*, const char*>> names) {
  for (const auto& [name, help] : names)
    command
        ->add_option_function<std::string>(
            name, [&args](const std::string& v) { args.push_back(v); }, help)
        ->required();
}

}  // namespace

void add_local_commands(CLI::App& app, LocalCommand& c) {
  auto* model = app.add_subcommand("model", "Local models: info, fit, quantize, convert, pull, list, add");
  model->require_subcommand(1);
  auto action = [&c](const char* group, const char* name) {
    return [&c, group, name]() {
      c.group = group;
      c.action = name;
    };
  };
  auto* info = model->add_subcommand("info", "What a GGUF file holds: architecture, parameters, quantization, context");
  info->add_option("file", c.args, "The .gguf file (any part of a split model)")->required()->expected(1);
  info->add_flag("--json", c.json, "Print JSON");
  info->callback(action("model", "info"));

  auto* fit = model->add_subcommand("fit", "Estimate the memory a GGUF model needs here (weights, KV cache, compute)");
  fit->add_option("file", c.args, "The .gguf file")->required()->expected(1);
  fit->add_option("--ctx", c.ctx,
                  "Context size in tokens (default: the model's trained context, lowered to what fits)");
  fit->add_option("--cache-type", c.cache_type, "KV cache type: f16, q8_0, q4_0, ...");
  fit->add_option("--gpu-layers", c.gpu_layers, "Layers on the GPU (default: as many as fit)");
  fit->add_option("--parallel", c.parallel,
                  "Server slots, as llama-server's -np: each with its own cache (default: 4 sharing one)")
      ->check(CLI::PositiveNumber);
  fit->add_flag("--json", c.json, "Print JSON (the KV cache by kind of layer, the placement)");
  fit->callback(action("model", "fit"));

  auto* quantize = model->add_subcommand("quantize", "Quantize a GGUF with llama-quantize, e.g. to Q4_K_M");
  add_positionals(quantize, c.args,
                  {{"IN.gguf", "The GGUF to quantize"},
                   {"OUT.gguf", "The file to write"},
                   {"TYPE", "Q4_K_M, Q5_K_M, Q8_0, ... (llama-quantize's types)"}});
  quantize->callback(action("model", "quantize"));

  auto* convert =
      model->add_subcommand("convert", "Convert a Hugging Face model folder to GGUF (convert_hf_to_gguf.py)");
  add_positionals(
      convert, c.args,
      {{"HF_DIR", "The Hugging Face model folder (config.json, *.safetensors)"}, {"OUT.gguf", "The file to write"}});
  convert->add_option("--outtype", c.outtype, "f16, bf16, q8_0 or f32");
  convert->callback(action("model", "convert"));

  auto* pull = model->add_subcommand("pull", "Download a GGUF model from Hugging Face: org/repo[:QUANT]");
  pull->add_option("ref", c.args, "org/repo or org/repo:Q4_K_M")->required()->expected(1);
  pull->add_option("--add", c.add_name, "Also add it to your models.json under this name");
  pull->add_flag("--default", c.make_default, "With --add: make it the default model");
  pull->callback(action("model", "pull"));

  auto* list = model->add_subcommand("list", "The models downloaded and configured");
  list->callback(action("model", "list"));

  auto* add = model->add_subcommand("add", "Add a model to models.json: a GGUF, a Hugging Face model or a server URL");
  add->add_option("name", c.args, "The name to pick it by (pair -m NAME)")->required()->expected(1);
  add->add_option("--gguf", c.gguf, "A GGUF file pair serves with llama-server");
  add->add_option("--hf", c.hf, "A Hugging Face model pair downloads and serves: org/repo[:QUANT]");
  add->add_option("--url", c.url, "The server's URL (default for local models: http://localhost:8004/v1)");
  add->add_option("--model-id", c.model_id, "The model id the server knows (default: the name)");
  add->add_option("--api-key-env", c.api_key_env, "Environment variable holding the API key (cloud)");
  add->add_option("--server", c.server, "llama.cpp (default) or vllm")->check(CLI::IsMember({"llama.cpp", "vllm"}));
  add->add_option("--ctx", c.ctx, "Context size to serve with");
  add->add_flag("--default", c.make_default, "Make it the default model");
  add->add_flag("--project", c.project, "Write the project's .pair/models.json instead of yours");
  add->add_flag("--replace", c.replace, "Replace an entry of the same name");
  add->callback(action("model", "add"));

  auto* server = app.add_subcommand("server", "The llama-server (or vLLM) pair runs for a local model");
  server->require_subcommand(1);
  auto* start = server->add_subcommand("start", "Start (or reuse) the server for MODEL and warm its prompt cache");
  start->add_option("model", c.args, "A models.json name (default: the default model)")->expected(0, 1);
  start->add_option("--ctx", c.ctx, "Context size (default: from models.json, bounded by memory)");
  start->add_flag("--no-warm-up", c.no_warm_up, "Do not send the system prompt and tools ahead");
  start->callback(action("server", "start"));
  auto* stop = server->add_subcommand("stop", "Stop the server for MODEL (or every one with --all)");
  stop->add_option("model", c.args, "A models.json name")->expected(0, 1);
  stop->add_flag("--all", c.all, "Stop every server pair started");
  stop->callback(action("server", "stop"));
  auto* status = server->add_subcommand("status", "The servers pair started: model, port, pid, state");
  status->add_option("model", c.args, "A models.json name")->expected(0, 1);
  status->add_flag("--json", c.json, "Print JSON");
  status->callback(action("server", "status"));
  auto* logs = server->add_subcommand("logs", "The end of the server's log");
  logs->add_option("model", c.args, "A models.json name")->expected(0, 1);
  logs->add_option("-n,--lines", c.lines, "How many lines")->check(CLI::PositiveNumber);
  logs->add_flag("-f,--follow", c.follow, "Keep printing new lines");
  logs->callback(action("server", "logs"));

  auto* doctor = app.add_subcommand("doctor", "Check the setup: llama.cpp, GPUs and memory, ripgrep, each model");
  doctor->callback(action("doctor", ""));

  auto* trust = app.add_subcommand(
      "trust", "Trust this project's own pair files (.pair/, .mcp.json): apply their rules, servers and models");
  trust->add_flag("--revoke", c.revoke, "Stop trusting this project");
  trust->add_flag("--list", c.list, "List the projects you trust");
  trust->callback(action("trust", ""));

  auto* mcp = app.add_subcommand("mcp", "MCP servers: list, get, add, remove (mcp.json and the project's .mcp.json)");
  mcp->require_subcommand(1);
  auto* mcp_list = mcp->add_subcommand("list", "The configured servers: scope, transport, state, command or URL");
  mcp_list->callback(action("mcp", "list"));
  auto* mcp_get = mcp->add_subcommand("get", "One server's settings, as written");
  mcp_get->add_option("name", c.args, "The server's name")->required()->expected(1);
  mcp_get->callback(action("mcp", "get"));
  auto* mcp_add =
      mcp->add_subcommand("add", "Add a server: pair mcp add NAME -- COMMAND [ARGS...], or --transport http NAME URL");
  mcp_add->add_option("name_command", c.args, "NAME, then the command and its arguments (after --) or the URL")
      ->required()
      ->expected(2, -1);
  mcp_add->add_option("-s,--scope", c.scope, "user (default: your mcp.json) or project (.mcp.json)")
      ->check(CLI::IsMember({"user", "project"}));
  mcp_add->add_option("-t,--transport", c.transport, "stdio (default) or http")
      ->check(CLI::IsMember({"stdio", "http"}));
  // One value per -e/-H, so `-e K=V NAME -- COMMAND` leaves NAME to the positionals.
  mcp_add->add_option("-e,--env", c.env_vars, "KEY=VALUE for the server's environment (stdio); repeatable")
      ->allow_extra_args(false);
  mcp_add->add_option("-H,--header", c.headers, "'Name: value' sent with each request (http); repeatable")
      ->allow_extra_args(false);
  mcp_add->callback(action("mcp", "add"));
  auto* mcp_remove = mcp->add_subcommand("remove", "Remove a server from its file");
  mcp_remove->add_option("name", c.args, "The server's name")->required()->expected(1);
  mcp_remove->add_option("-s,--scope", c.scope, "user or project (needed when both files have it)")
      ->check(CLI::IsMember({"user", "project"}));
  mcp_remove->callback(action("mcp", "remove"));

  auto* setup = app.add_subcommand("setup", "Set up what pair needs: setup llama.cpp builds llama-server");
  setup->require_subcommand(1);
  auto* setup_llama = setup->add_subcommand(
      "llama.cpp", "Build llama.cpp's server for local models (or find the build already there), with progress");
  auto* cuda = setup_llama->add_flag("--cuda", c.cuda,
                                     "Build for NVIDIA GPUs (needs nvcc; default: when nvcc and a GPU are there)");
  setup_llama->add_flag("--cpu", c.cpu, "Build for the CPU only, even with a GPU")->excludes(cuda);
  setup_llama->callback(action("setup", "llama.cpp"));

  auto* acp = app.add_subcommand(
      "acp", "Run as an Agent Client Protocol agent on stdin/stdout, for editors (Zed, JetBrains, Neovim, Emacs)");
  acp->callback(action("acp", ""));

  // Options of the main command (-C, -m, --force, -v) work after a subcommand too.
  for (auto* sub : {model, server, doctor, trust, mcp, setup, acp}) sub->fallthrough();
  for (auto* sub : {info, fit, quantize, convert, pull, list, add, start, stop, status, logs, setup_llama, mcp_list,
                    mcp_get, mcp_add, mcp_remove})
    sub->fallthrough();
}

int report_error(const Error& e) {
  std::fprintf(stderr, "pair: %s\n", e.message.c_str());
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kConfig:
    case ErrorCode::kNotFound:
    case ErrorCode::kParse: return kExitUsage;
    case ErrorCode::kCancelled: return kExitInterrupted;
    default: return kExitTurnFailed;
  }
}

std::filesystem::path command_workspace(const CliOptions& o) {
  std::error_code ec;
  return o.cwd.empty() ? std::filesystem::current_path(ec)
                       : std::filesystem::weakly_canonical(std::filesystem::absolute(o.cwd), ec);
}

int run_local_command(const CliOptions& o) {
  if (o.local.group == "model") return run_model_command(o);
  if (o.local.group == "server") return run_server_command(o);
  if (o.local.group == "doctor") return run_doctor(o);
  if (o.local.group == "trust") return run_trust_command(o);
  if (o.local.group == "mcp") return run_mcp_command(o);
  if (o.local.group == "setup") return run_setup_command(o);
  if (o.local.group == "acp") return run_acp_command(o);
  return kExitUsage;
}

}  // namespace pair
