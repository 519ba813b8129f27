#include "local/server_command.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "util/json_parse.h"
#include "util/strings.h"

namespace pair {

bool has_flag(const std::vector<std::string>& args, std::initializer_list<std::string_view> names) {
  for (const auto& a : args)
    for (std::string_view n : names)
      if (a == n || (a.size() > n.size() && a.starts_with(n) && a[n.size()] == '=')) return true;
  return false;
}

std::optional<std::string> flag_value(const std::vector<std::string>& args,
                                      std::initializer_list<std::string_view> names) {
  std::optional<std::string> found;
  for (size_t i = 0; i < args.size(); ++i)
    for (std::string_view n : names) {
      if (args[i] == n && i + 1 < args.size())
        found = args[i + 1];
      else if (args[i].size() > n.size() && args[i].starts_with(n) && args[i][n.size()] == '=')
        found = args[i].substr(n.size() + 1);
    }
  return found;  // the last one wins, as in both servers' parsers
}

namespace {

/// 0.75, not 0.750000: as a person writes it on a command line.
std::string shortest(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void append_speculative(const LlamaServerCommand& c, std::vector<std::string>& a) {
  const auto& x = c.extra;
  // A user's own --spec-type decides what drafts; the rest of ours would only contradict it.
  if (c.spec_type.empty() || has_flag(x, {"--spec-type"})) return;
  a.insert(a.end(), {"--spec-type", c.spec_type});
  if (!c.draft_model.empty() && !has_flag(x, {"--spec-draft-model", "-md", "--model-draft", "--spec-draft-hf", "-hfd",
                                              "-hfrd", "--hf-repo-draft"}))
    a.insert(a.end(), {"--spec-draft-model", c.draft_model.string()});
  if (c.draft_n_max && !has_flag(x, {"--spec-draft-n-max"}))
    a.insert(a.end(), {"--spec-draft-n-max", std::to_string(*c.draft_n_max)});
  if (c.draft_p_min && !has_flag(x, {"--spec-draft-p-min", "--draft-p-min"}))
    a.insert(a.end(), {"--spec-draft-p-min", shortest(*c.draft_p_min)});
}

}  // namespace

std::vector<std::string> llama_server_argv(const LlamaServerCommand& c) {
  const auto& x = c.extra;
  std::vector<std::string> a = {c.binary.string(),     "--model", c.model.string(), "--host", c.host, "--port",
                                std::to_string(c.port)};
  if (!c.alias.empty() && !has_flag(x, {"-a", "--alias"})) a.insert(a.end(), {"--alias", c.alias});
  if (!has_flag(x, {"--jinja", "--no-jinja"})) a.push_back("--jinja");
  if (c.context > 0 && !has_flag(x, {"-c", "--ctx-size"})) a.insert(a.end(), {"--ctx-size", std::to_string(c.context)});
  if (!has_flag(x, {"-fa", "--flash-attn"})) a.insert(a.end(), {"--flash-attn", "auto"});
  if (c.gpu_layers && !has_flag(x, {"-ngl", "--gpu-layers", "--n-gpu-layers"}))
    a.insert(a.end(), {"--n-gpu-layers", std::to_string(*c.gpu_layers)});
  // The user's own tensor placement wins over ours.
  if (c.cpu_moe_layers && !has_flag(x, {"-ncmoe", "--n-cpu-moe", "-cmoe", "--cpu-moe", "-ot", "--override-tensor",
                                        "-ngl", "--gpu-layers", "--n-gpu-layers"}))
    a.insert(a.end(), {"--n-cpu-moe", std::to_string(*c.cpu_moe_layers)});
  if (!c.slot_save_path.empty() && !has_flag(x, {"--slot-save-path"}))
    a.insert(a.end(), {"--slot-save-path", c.slot_save_path.string()});
  if (c.cache_ram_mib && !has_flag(x, {"-cram", "--cache-ram"}))
    a.insert(a.end(), {"--cache-ram", std::to_string(*c.cache_ram_mib)});
  if (c.no_repack && !has_flag(x, {"--repack", "-nr", "--no-repack"})) a.push_back("--no-repack");
  append_speculative(c, a);
  a.insert(a.end(), x.begin(), x.end());
  return a;
}

std::string vllm_tool_call_parser(std::string_view model) {
  std::string m = to_lower(model);
  auto has = [&](std::string_view s) { return m.find(s) != std::string::npos; };
  if (has("qwen3-coder") || has("qwen3_coder")) return "qwen3_coder";
  if (has("gpt-oss")) return "openai";
  if (has("deepseek-v3") || has("deepseek-r1")) return "deepseek_v3";
  if (has("glm-4.5") || has("glm-4.6") || has("glm4")) return "glm45";
  if (has("kimi-k2")) return "kimi_k2";
  if (has("mistral") || has("devstral") || has("codestral")) return "mistral";
  if (has("llama-3") || has("llama3")) return "llama3_json";
  if (has("granite")) return "granite";
  return "hermes";  // Qwen2.5/Qwen3 and most Hermes-style templates
}

std::vector<std::string> vllm_argv(const VllmCommand& c) {
  const auto& x = c.extra;
  std::vector<std::string> a = {c.binary.string(),     "serve", c.model, "--host", c.host, "--port",
                                std::to_string(c.port)};
  if (!c.alias.empty() && !has_flag(x, {"--served-model-name"})) a.insert(a.end(), {"--served-model-name", c.alias});
  if (c.context > 0 && !has_flag(x, {"--max-model-len"}))
    a.insert(a.end(), {"--max-model-len", std::to_string(c.context)});
  if (!has_flag(x, {"--enable-auto-tool-choice"})) a.push_back("--enable-auto-tool-choice");
  if (!has_flag(x, {"--tool-call-parser"}))
    a.insert(a.end(),
             {"--tool-call-parser", c.tool_call_parser.empty() ? vllm_tool_call_parser(c.model) : c.tool_call_parser});
  if (c.speculation && !has_flag(x, {"--speculative-config", "--speculative_config"}))
    a.insert(a.end(), {"--speculative-config", vllm_speculative_config(*c.speculation)});
  a.insert(a.end(), x.begin(), x.end());
  return a;
}

std::string vllm_speculative_config(const VllmSpeculation& s) {
  nlohmann::json j;
  if (s.draft_model.empty()) {
    j["method"] = "ngram";
    j["prompt_lookup_max"] = s.prompt_lookup_max;
    j["prompt_lookup_min"] = s.prompt_lookup_min;
  } else {
    j["model"] = s.draft_model;
  }
  j["num_speculative_tokens"] = s.num_tokens;
  return dump_json(j);
}

std::string shell_join(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& a : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !a.empty() && a.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                   "-_./=:,+@%") == std::string::npos;
    out += plain ? a : "'" + replace_all(a, "'", "'\\''") + "'";
  }
  return out;
}

}  // namespace pair
