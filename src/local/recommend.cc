#include "local/recommend.h"

#include "local/memory_fit.h"

namespace pair {
namespace {

struct Candidate {
  const char* label;
  const char* hf;
  const char* name;
  uint64_t bytes;  // the Q4_K_M file(s)
  uint64_t parameters;
  uint64_t layers, kv_heads, head_dim, embedding, vocab;
};

// Largest first. Sizes of the Q4_K_M files on the Hub (approximate).
constexpr Candidate kCandidates[] = {
    {"Qwen3-Coder-30B-A3B-Instruct Q4_K_M (MoE, 3B active: fast even on CPU)",
     "unsloth/Qwen3-Coder-30B-A3B-Instruct-GGUF:Q4_K_M", "qwen3-coder-30b", 18'600'000'000ull, 30'530'000'000ull, 48, 4,
     128, 2048, 151936},
    {"Qwen2.5-Coder-14B-Instruct Q4_K_M", "Qwen/Qwen2.5-Coder-14B-Instruct-GGUF:Q4_K_M", "qwen2.5-coder-14b",
     8'990'000'000ull, 14'770'000'000ull, 48, 8, 128, 5120, 152064},
    {"Qwen2.5-Coder-7B-Instruct Q4_K_M", "Qwen/Qwen2.5-Coder-7B-Instruct-GGUF:Q4_K_M", "qwen2.5-coder-7b",
     4'680'000'000ull, 7'620'000'000ull, 28, 4, 128, 3584, 152064},
    {"Qwen2.5-Coder-3B-Instruct Q4_K_M", "Qwen/Qwen2.5-Coder-3B-Instruct-GGUF:Q4_K_M", "qwen2.5-coder-3b",
     2'100'000'000ull, 3'090'000'000ull, 36, 2, 128, 2048, 151936},
    {"Qwen2.5-Coder-1.5B-Instruct Q4_K_M", "Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF:Q4_K_M", "qwen2.5-coder-1.5b",
     1'120'000'000ull, 1'540'000'000ull, 28, 2, 128, 1536, 151936},
};

GgufModelInfo shape_of(const Candidate& c) {
  GgufModelInfo m;
  m.name = c.label;
  m.architecture = "qwen";
  m.tensor_bytes = c.bytes;
  m.file_bytes = c.bytes;
  m.parameters = c.parameters;
  m.block_count = c.layers;
  m.head_count_kv.assign(c.layers, c.kv_heads);
  m.key_length = m.value_length = c.head_dim;
  m.embedding_length = c.embedding;
  m.vocab_size = c.vocab;
  m.context_length = 32768;
  m.token_embedding_bytes = c.vocab * c.embedding * 45 / 80;  // Q4_K-ish embeddings
  m.bytes_outside_layers = m.token_embedding_bytes * 2;
  return m;
}

}  // namespace

std::optional<ModelRecommendation> recommend_coding_model(const MemoryReadings& memory, bool gpu_backend) {
  for (const auto& c : kCandidates) {
    ModelRecommendation r;
    r.label = c.label;
    r.hf = c.hf;
    r.name = c.name;
    r.approx_bytes = c.bytes;
    r.shape = shape_of(c);
    FitRequest rq;
    rq.context = r.context;
    rq.gpu_backend = gpu_backend;
    if (plan_fit(r.shape, rq, memory).fits()) return r;
  }
  return std::nullopt;
}

}  // namespace pair
