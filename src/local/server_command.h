#pragma once
/// The command lines pair starts model servers with. Pure functions: what
/// goes in is decided by the caller (server_plan), so tests can check every
/// flag.
///
/// llama-server gets: the model, 127.0.0.1 and the port, `--alias` (the
/// models.json modelId, so requests name it), `--jinja` (the model's own chat
/// template: tool calls), `-c` (bounded by memory), `--flash-attn auto`,
/// `-ngl` when models.json sets gpu_layers (otherwise llama.cpp's own `--fit`
/// places layers on the GPU), `--slot-save-path <state>/slots` (KV-cache save
/// and restore, issue 10), `--cache-ram` bounded by free RAM, and on CPUs
/// with Intel AMX `--no-repack`: this llama.cpp build crashes (SIGSEGV in
/// ggml_backend_amx_mul_mat) on the first decode of any quantized model when
/// weights are repacked for AMX. Flags the user gives in `server_args` win:
/// ours are left out when theirs name the same option.
///
/// vLLM gets `vllm serve MODEL` with the host, port, served model name,
/// `--max-model-len`, and the flags tool calling needs
/// (`--enable-auto-tool-choice --tool-call-parser P`, P chosen from the model
/// name unless given). Scale-out is server_args: llama-server
/// `--rpc host:port,...`; vLLM `--tensor-parallel-size N`,
/// `--pipeline-parallel-size N`.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pair {

struct LlamaServerCommand {
  std::filesystem::path binary;
  std::filesystem::path model;
  std::string alias;
  std::string host = "127.0.0.1";
  int port = 8004;
  uint64_t context = 0;           ///< 0: leave -c out
  std::optional<int> gpu_layers;  ///< unset: llama.cpp decides (--fit)
  bool no_repack = false;         ///< CPU with AMX (see above)
  std::filesystem::path slot_save_path;
  std::optional<uint64_t> cache_ram_mib;
  std::vector<std::string> extra;  ///< models.json server_args, last
};

struct VllmCommand {
  std::filesystem::path binary = "vllm";
  std::string model;  ///< HF repo id or local directory
  std::string alias;
  std::string host = "127.0.0.1";
  int port = 8004;
  uint64_t context = 0;
  std::string tool_call_parser;  ///< empty: chosen from the model name
  std::vector<std::string> extra;
};

std::vector<std::string> llama_server_argv(const LlamaServerCommand& c);
std::vector<std::string> vllm_argv(const VllmCommand& c);

/// vLLM's --tool-call-parser for a model name: qwen3_coder, hermes,
/// llama3_json, mistral, openai (gpt-oss), deepseek_v3, glm45, ...
std::string vllm_tool_call_parser(std::string_view model);

/// True when `args` contains any of `names`, alone or as `--name=value`.
bool has_flag(const std::vector<std::string>& args, std::initializer_list<std::string_view> names);
/// The value given to any of `names` (`--name value` or `--name=value`).
std::optional<std::string> flag_value(const std::vector<std::string>& args,
                                      std::initializer_list<std::string_view> names);

/// A command line as one shell-quoted string, for logs and `pair server status`.
std::string shell_join(const std::vector<std::string>& argv);

}  // namespace pair
