#include "local/server_command.h"

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

TEST(ServerCommand, ShellJoinQuotes) {
  EXPECT_EQ(shell_join({"llama-server", "--model", "/a b/it's.gguf", "-c", "4096"}),
            "llama-server --model '/a b/it'\\''s.gguf' -c 4096");
}

}  // namespace
}  // namespace pair
