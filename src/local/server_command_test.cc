#include "local/server_command.h"

#include "local/speculative_flags.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace pair {
namespace {

bool contains(const std::vector<std::string>& argv, const std::vector<std::string>& seq) {
  return std::search(argv.begin(), argv.end(), seq.begin(), seq.end()) != argv.end();
}

TEST(ServerCommand, LlamaServerGetsTheGoodFlags) {
  LlamaServerCommand c;
  c.binary = "/opt/llama/bin/llama-server";
  c.model = "/m/qwen.gguf";
  c.alias = "qwen3-coder";
  c.port = 8004;
  c.context = 32768;
  c.slot_save_path = "/state/pair/slots";
  c.cache_ram_mib = 4096;
  c.no_repack = true;
  auto a = llama_server_argv(c);
  EXPECT_EQ(a.front(), "/opt/llama/bin/llama-server");
  EXPECT_TRUE(contains(a, {"--model", "/m/qwen.gguf"}));
  EXPECT_TRUE(contains(a, {"--host", "127.0.0.1"}));
  EXPECT_TRUE(contains(a, {"--port", "8004"}));
  EXPECT_TRUE(contains(a, {"--alias", "qwen3-coder"}));
  EXPECT_TRUE(contains(a, {"--jinja"}));
  EXPECT_TRUE(contains(a, {"--ctx-size", "32768"}));
  EXPECT_TRUE(contains(a, {"--flash-attn", "auto"}));
  EXPECT_TRUE(contains(a, {"--slot-save-path", "/state/pair/slots"}));
  EXPECT_TRUE(contains(a, {"--cache-ram", "4096"}));
  EXPECT_TRUE(contains(a, {"--no-repack"}));
  EXPECT_FALSE(has_flag(a, {"--n-gpu-layers"}));  // llama.cpp's --fit places layers
  c.gpu_layers = 20;
  EXPECT_TRUE(contains(llama_server_argv(c), {"--n-gpu-layers", "20"}));
}

TEST(ServerCommand, ExpertsInRamUnlessTheUserPlacesTensors) {
  LlamaServerCommand c;
  c.binary = "llama-server";
  c.model = "m.gguf";
  EXPECT_FALSE(has_flag(llama_server_argv(c), {"--n-cpu-moe"}));
  c.cpu_moe_layers = 20;
  EXPECT_TRUE(contains(llama_server_argv(c), {"--n-cpu-moe", "20"}));
  for (std::vector<std::string> theirs :
       {std::vector<std::string>{"-ot", "exps=CPU"}, {"--cpu-moe"}, {"-ncmoe", "4"}, {"-ngl", "10"}}) {
    c.extra = theirs;
    EXPECT_FALSE(contains(llama_server_argv(c), {"--n-cpu-moe", "20"})) << theirs.front();
  }
}

TEST(ServerCommand, ServerArgsWinAndComeLast) {
  LlamaServerCommand c;
  c.binary = "llama-server";
  c.model = "m.gguf";
  c.context = 32768;
  c.no_repack = true;
  c.extra = {"-c", "8192", "--repack", "--rpc", "10.0.0.2:50052,10.0.0.3:50052", "-fa", "on"};
  auto a = llama_server_argv(c);
  EXPECT_FALSE(contains(a, {"--ctx-size", "32768"}));
  EXPECT_FALSE(has_flag(a, {"--no-repack"}));
  EXPECT_FALSE(contains(a, {"--flash-attn", "auto"}));
  EXPECT_TRUE(contains(a, {"--rpc", "10.0.0.2:50052,10.0.0.3:50052"}));
  EXPECT_EQ(a.back(), "on");
  EXPECT_EQ(flag_value(c.extra, {"-c", "--ctx-size"}), "8192");
  EXPECT_EQ(flag_value({"--ctx-size=4096"}, {"-c", "--ctx-size"}), "4096");
  EXPECT_FALSE(flag_value({"--ctx-size"}, {"--ctx-size"}).has_value());
}

TEST(ServerCommand, VllmGetsToolCallingFlags) {
  VllmCommand c;
  c.binary = "/usr/bin/vllm";
  c.model = "Qwen/Qwen3-Coder-30B-A3B-Instruct";
  c.alias = "qwen3-coder";
  c.port = 8010;
  c.context = 65536;
  c.extra = {"--tensor-parallel-size", "2"};
  auto a = vllm_argv(c);
  EXPECT_TRUE(contains(a, {"/usr/bin/vllm", "serve", "Qwen/Qwen3-Coder-30B-A3B-Instruct"}));
  EXPECT_TRUE(contains(a, {"--served-model-name", "qwen3-coder"}));
  EXPECT_TRUE(contains(a, {"--max-model-len", "65536"}));
  EXPECT_TRUE(contains(a, {"--enable-auto-tool-choice", "--tool-call-parser", "qwen3_coder"}));
  EXPECT_TRUE(contains(a, {"--tensor-parallel-size", "2"}));
  c.extra = {"--tool-call-parser", "hermes"};
  auto b = vllm_argv(c);
  EXPECT_EQ(std::count(b.begin(), b.end(), "--tool-call-parser"), 1);
  EXPECT_EQ(vllm_tool_call_parser("openai/gpt-oss-20b"), "openai");
  EXPECT_EQ(vllm_tool_call_parser("meta-llama/Llama-3.3-70B-Instruct"), "llama3_json");
  EXPECT_EQ(vllm_tool_call_parser("mistralai/Devstral-Small-2507"), "mistral");
  EXPECT_EQ(vllm_tool_call_parser("Qwen/Qwen2.5-Coder-32B-Instruct"), "hermes");
}

std::vector<std::string> llama_argv_for(const SpeculativeConfig& s, const std::string& draft = "",
                                        std::vector<std::string> extra = {}) {
  LlamaServerCommand c;
  c.binary = "llama-server";
  c.model = "m.gguf";
  c.extra = std::move(extra);
  apply_speculative(s, draft, c);
  return llama_server_argv(c);
}

TEST(ServerCommand, SpeculativeNgramAndOff) {
  SpeculativeConfig s;
  s.mode = SpeculativeMode::kNgram;
  auto a = llama_argv_for(s);
  EXPECT_TRUE(contains(a, {"--spec-type", std::string(kNgramSpecType)}));
  EXPECT_FALSE(has_flag(a, {"--spec-draft-model"}));
  s.mode = SpeculativeMode::kOff;
  EXPECT_FALSE(has_flag(llama_argv_for(s), {"--spec-type"}));
  // Absent: what the benchmark chose for this build.
  s.mode = SpeculativeMode::kDefault;
  EXPECT_EQ(has_flag(llama_argv_for(s), {"--spec-type"}), kLlamaDraftsByDefault);
}

TEST(ServerCommand, SpeculativeDraftModel) {
  SpeculativeConfig s;
  s.mode = SpeculativeMode::kDraft;
  s.draft_hf = "Qwen/Qwen3-0.6B-GGUF:Q8_0";
  s.n_max = 16;
  s.p_min = 0.75;
  auto a = llama_argv_for(s, "/models/qwen3-0.6b-q8_0.gguf");
  EXPECT_TRUE(contains(a, {"--spec-type", "draft-simple", "--spec-draft-model", "/models/qwen3-0.6b-q8_0.gguf",
                           "--spec-draft-n-max", "16", "--spec-draft-p-min", "0.75"}));
  s.n_max.reset();
  s.p_min.reset();
  auto b = llama_argv_for(s, "/d.gguf");
  EXPECT_FALSE(has_flag(b, {"--spec-draft-n-max"}));
  EXPECT_FALSE(has_flag(b, {"--spec-draft-p-min"}));
}

TEST(ServerCommand, SpeculativeServerArgsWin) {
  SpeculativeConfig s;
  s.mode = SpeculativeMode::kNgram;
  auto a = llama_argv_for(s, "", {"--spec-type", "ngram-cache"});
  EXPECT_EQ(std::count(a.begin(), a.end(), "--spec-type"), 1);
  EXPECT_EQ(a.back(), "ngram-cache");
  s.mode = SpeculativeMode::kDraft;
  s.n_max = 8;
  auto b = llama_argv_for(s, "/d.gguf", {"-md", "/mine.gguf", "--spec-draft-n-max", "4"});
  EXPECT_FALSE(contains(b, {"--spec-draft-model", "/d.gguf"}));
  EXPECT_EQ(std::count(b.begin(), b.end(), "--spec-draft-n-max"), 1);
  EXPECT_TRUE(contains(b, {"--spec-type", "draft-simple"}));
}

TEST(ServerCommand, VllmSpeculativeConfig) {
  VllmCommand c;
  c.model = "Qwen/Qwen3-Coder-30B-A3B-Instruct";
  SpeculativeConfig s;
  EXPECT_FALSE(vllm_speculation(s).has_value());  // absent: vLLM's own default (none)
  EXPECT_FALSE(has_flag(vllm_argv(c), {"--speculative-config"}));
  s.mode = SpeculativeMode::kNgram;
  c.speculation = vllm_speculation(s);
  EXPECT_TRUE(contains(vllm_argv(c),
                       {"--speculative-config", R"({"method":"ngram","num_speculative_tokens":4,"prompt_lookup_max":4,)"
                                                R"("prompt_lookup_min":2})"}));
  s.mode = SpeculativeMode::kDraft;
  s.draft_hf = "Qwen/Qwen3-0.6B";
  s.n_max = 5;
  c.speculation = vllm_speculation(s);
  EXPECT_TRUE(
      contains(vllm_argv(c), {"--speculative-config", R"({"model":"Qwen/Qwen3-0.6B","num_speculative_tokens":5})"}));
  s.mode = SpeculativeMode::kOff;
  EXPECT_FALSE(vllm_speculation(s).has_value());
  c.speculation = VllmSpeculation{};
  c.extra = {"--speculative-config", "{}"};
  auto a = vllm_argv(c);
  EXPECT_EQ(std::count(a.begin(), a.end(), "--speculative-config"), 1);
}

TEST(ServerCommand, ShellJoinQuotes) {
  EXPECT_EQ(shell_join({"llama-server", "--model", "/a b/it's.gguf", "-c", "4096"}),
            "llama-server --model '/a b/it'\\''s.gguf' -c 4096");
}

}  // namespace
}  // namespace pair
