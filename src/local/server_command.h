#pragma once
/// The command lines pair starts model servers with. Pure functions: what
/// goes in is decided by the caller (server_plan), so tests can check every
/// flag.
///
/// llama-server gets: the model, 127.0.0.1 and the port, `--alias` (the
/// models.json modelId, so requests name it), `--jinja` (the model's own chat
/// template: tool calls), `-c` (bounded by memory), `--flash-attn auto`,
/// `-ngl` when models.json sets gpu_layers (otherwise llama.cpp's own `--fit`
/// places layers on the GPU), `--n-cpu-moe N` when the memory fit keeps the
/// experts of a mixture of experts' first N layers in RAM, `--slot-save-path <state>/slots` (KV-cache save
/// and restore, issue 10), `--cache-ram` bounded by free RAM, and on CPUs
/// with Intel AMX `--no-repack`: this llama.cpp build crashes (SIGSEGV in
/// ggml_backend_amx_mul_mat) on the first decode of any quantized model when
/// weights are repacked for AMX. Speculative decoding (models.json
/// `speculative`): `--spec-type` with an n-gram type, or `--spec-type
/// draft-simple --spec-draft-model FILE` (a plain draft model drafts only when
/// draft-simple is named) with `--spec-draft-n-max` / `--spec-draft-p-min`.
/// Flags the user gives in `server_args` win: ours are left out when theirs
/// name the same option.
///
/// vLLM gets `vllm serve MODEL` with the host, port, served model name,
/// `--max-model-len`, the flags tool calling needs
/// (`--enable-auto-tool-choice --tool-call-parser P`, P chosen from the model
/// name unless given), and for speculative decoding `--speculative-config`
/// (JSON: the ngram method or a draft model). Scale-out is server_args: llama-server
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
  uint64_t context = 0;               ///< 0: leave -c out
  std::optional<int> gpu_layers;      ///< unset: llama.cpp decides (--fit)
  std::optional<int> cpu_moe_layers;  ///< `--n-cpu-moe`: experts of layers 0..N-1 in RAM
  bool no_repack = false;             ///< CPU with AMX (see above)
  std::filesystem::path slot_save_path;
  std::optional<uint64_t> cache_ram_mib;
  std::string spec_type;              ///< `--spec-type`: an n-gram type or draft-simple; empty: no drafting
  std::filesystem::path draft_model;  ///< `--spec-draft-model` (with spec_type draft-simple)
  std::optional<int> draft_n_max;     ///< `--spec-draft-n-max`
  std::optional<double> draft_p_min;  ///< `--spec-draft-p-min`
  std::vector<std::string> extra;     ///< models.json server_args, last
};

/// vLLM's speculative decoding, one `--speculative-config` JSON object.
struct VllmSpeculation {
  std::string draft_model;  ///< empty: the ngram method (prompt lookup)
  int num_tokens = 4;       ///< num_speculative_tokens
  int prompt_lookup_max = 4;
  int prompt_lookup_min = 2;
};

struct VllmCommand {
  std::filesystem::path binary = "vllm";
  std::string model;  ///< HF repo id or local directory
  std::string alias;
  std::string host = "127.0.0.1";
  int port = 8004;
  uint64_t context = 0;
  std::string tool_call_parser;                ///< empty: chosen from the model name
  std::optional<VllmSpeculation> speculation;  ///< unset: no drafting
  std::vector<std::string> extra;
};

std::vector<std::string> llama_server_argv(const LlamaServerCommand& c);
std::vector<std::string> vllm_argv(const VllmCommand& c);

/// The `--speculative-config` value for `s`: {"method": "ngram",
/// "num_speculative_tokens", "prompt_lookup_max", "prompt_lookup_min"}, or
/// {"model": DRAFT, "num_speculative_tokens"}.
std::string vllm_speculative_config(const VllmSpeculation& s);

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
