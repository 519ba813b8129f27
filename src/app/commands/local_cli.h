#pragma once
/// The local-inference subcommands on the command line:
///   pair model info|fit|quantize|convert|pull|list|add ...
///   pair server start|stop|status|logs [MODEL]
///   pair doctor
///   pair trust [--revoke | --list]
///   pair mcp list|get|add|remove ...
///   pair setup llama.cpp
///   pair acp
/// Registered on the main CLI11 app (cli.cc); run by main when chosen.

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "local/llama_install.h"
#include "local/llama_setup.h"
#include "util/error.h"

namespace CLI {
class App;
}

namespace pair {

struct CliOptions;

struct LocalCommand {
  std::string group;   ///< "model", "server", "doctor"; empty: none chosen
  std::string action;  ///< "info", "start", ...
  std::vector<std::string> args;
  std::optional<uint64_t> ctx;
  std::string cache_type = "f16";
  std::optional<int> gpu_layers;
  std::optional<int> parallel;  ///< model fit --parallel: llama-server's -np
  bool json = false;
  bool follow = false;
  bool all = false;
  bool no_warm_up = false;
  bool cuda = false, cpu = false;  ///< setup llama.cpp --cuda / --cpu
  bool make_default = false;
  bool project = false;
  bool replace = false;
  bool revoke = false;
  bool list = false;
  int lines = 40;
  std::string add_name;  ///< pull --add NAME
  std::string gguf, hf, url, model_id, api_key_env, server;
  std::string outtype = "f16";
  // pair mcp add|remove
  std::string scope;                  ///< "user", "project"; empty: not given
  std::string transport;              ///< "stdio", "http"; empty: not given
  std::vector<std::string> env_vars;  ///< KEY=VALUE
  std::vector<std::string> headers;   ///< "Name: value"
};

void add_local_commands(CLI::App& app, LocalCommand& command);

/// Runs the chosen subcommand; returns the exit code.
int run_local_command(const CliOptions& options);

/// Prints "pair: MESSAGE" on stderr and returns the exit code for the error:
/// 2 for usage, configuration and missing files, 130 when cancelled, else 1.
int report_error(const Error& error);
/// The workspace of a command: -C DIR or the current directory.
std::filesystem::path command_workspace(const CliOptions& options);

int run_model_command(const CliOptions& options);
int run_server_command(const CliOptions& options);
int run_doctor(const CliOptions& options);
int run_trust_command(const CliOptions& options);
int run_mcp_command(const CliOptions& options);
int run_setup_command(const CliOptions& options);
/// `pair acp`: serves the Agent Client Protocol on stdin/stdout until stdin
/// ends (exit 0) or a signal stops it (130, its turns cancelled first)
/// (app/acp_agent.h); anything else that would print to stdout goes to stderr.
int run_acp_command(const CliOptions& options);

/// Builds (or finds) llama.cpp with the build script installed beside pair
/// (local/llama_setup.h), its progress written to `progress` as it comes.
/// Errors: kNotFound (no script: the message says what to do), kIo (the
/// build failed), kCancelled.
Result<LlamaInstall> build_llama_cpp(std::FILE* progress, std::stop_token stop = {},
                                     LlamaBackend backend = LlamaBackend::kAuto);

}  // namespace pair
