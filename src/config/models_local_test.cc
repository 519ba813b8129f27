// models.json entries for local models (gguf, hf, ctx, gpu_layers, server_args, server) and the writer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "config/models_config.h"
#include "config/models_writer.h"
#include "util/atomic_file.h"

namespace pair {
namespace {
namespace fs = std::filesystem;

TEST(ModelsLocal, ReadsLocalModelFields) {
  auto f = parse_models_json(R"([
  {"name": "qwen", "gguf": "models/qwen.gguf", "ctx": 32768, "gpu_layers": 20,
   "server_args": ["--rpc", "10.0.0.2:50052"]},
  {"name": "coder", "hf": "unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M", "url": "http://localhost:8005/v1"},
  {"name": "big", "hf": "Qwen/Qwen3-Coder-480B-A35B-Instruct", "server": "vllm", "url": "http://127.0.0.1:8010/v1",
   "server_args": ["--tensor-parallel-size", "8"]}
])",
                             "/home/u/.config/pair/models.json");
  ASSERT_TRUE(f.has_value()) << f.error().message;
  const auto& q = f->models[0];
  EXPECT_TRUE(q.is_managed());
  EXPECT_EQ(q.gguf, "/home/u/.config/pair/models/qwen.gguf");  // relative to the models.json
  EXPECT_EQ(q.base_url, "http://localhost:8004/v1");           // the default port
  EXPECT_EQ(q.ctx, 32768);
  EXPECT_EQ(q.gpu_layers, 20);
  EXPECT_EQ(q.server_args, (std::vector<std::string>{"--rpc", "10.0.0.2:50052"}));
  EXPECT_EQ(q.server, ServerKind::kLlamaCpp);
  EXPECT_EQ(f->models[1].hf, "unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M");
  EXPECT_EQ(f->models[1].base_url, "http://localhost:8005/v1");
  EXPECT_EQ(f->models[2].server, ServerKind::kVllm);
  EXPECT_TRUE(f->warnings.empty());
  auto url_only = parse_models_json(R"([{"name": "a", "url": "http://x:1/v1"}])", "m.json");
  EXPECT_FALSE(url_only->models[0].is_managed());
}

TEST(ModelsLocal, MistakesNameTheField) {
  auto check = [](const char* text, const char* needle) {
    auto f = parse_models_json(text, "m.json");
    ASSERT_FALSE(f.has_value()) << text;
    EXPECT_NE(f.error().message.find(needle), std::string::npos) << f.error().message;
  };
  check(R"([{"name": "a", "gguf": "x.gguf", "hf": "a/b"}])", "not both");
  check(R"([{"name": "a", "gguf": "x.gguf", "server": "ollama"}])", "\"server\" must be \"llama.cpp\" or \"vllm\"");
  check(R"([{"name": "a", "gguf": "x.gguf", "server_args": "--rpc x"}])", "must be a list of strings");
  check(R"([{"name": "a", "gguf": "x.gguf", "gpu_layers": -1}])", "\"gpu_layers\" must be a whole number");
  check(R"([{"name": "a", "gguf": "x.gguf", "ctx": 0}])", "\"ctx\" must be a positive whole number");
}

TEST(ModelsWriter, AddsReplacesAndMakesDefault) {
  fs::path dir = fs::temp_directory_path() / ("pair-writer-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::path file = dir / "models.json";
  NewModelEntry a;
  a.name = "local";
  a.gguf = "/m/a.gguf";
  a.make_default = true;
  ASSERT_TRUE(add_model_entry(file, a).has_value());
  NewModelEntry b;
  b.name = "gpt";
  b.url = "https://api.openai.com/v1";
  b.model_id = "gpt-5";
  b.api_key_env = "OPENAI_API_KEY";
  b.make_default = true;
  ASSERT_TRUE(add_model_entry(file, b).has_value());
  auto again = add_model_entry(file, b);
  ASSERT_FALSE(again.has_value());
  EXPECT_NE(again.error().message.find("already has a model named \"gpt\""), std::string::npos);
  auto parsed = parse_models_json(*read_file_to_string(file), file);
  ASSERT_TRUE(parsed.has_value()) << parsed.error().message;
  ASSERT_EQ(parsed->models.size(), 2u);
  EXPECT_FALSE(parsed->models[0].is_default);  // the new default took over
  EXPECT_TRUE(parsed->models[1].is_default);
  EXPECT_EQ(parsed->models[0].gguf, "/m/a.gguf");
  EXPECT_EQ(select_model(*parsed, "")->name, "gpt");
  a.gguf = "/m/b.gguf";
  ASSERT_TRUE(add_model_entry(file, a, true).has_value());
  EXPECT_EQ(parse_models_json(*read_file_to_string(file), file)->models[0].gguf, "/m/b.gguf");
  ASSERT_TRUE(write_file_atomically(file, "{not json").has_value());
  EXPECT_FALSE(add_model_entry(file, b).has_value());
  EXPECT_EQ(*read_file_to_string(file), "{not json");  // left alone
  fs::remove_all(dir);
}

}  // namespace
}  // namespace pair
