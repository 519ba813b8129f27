#pragma once
/// Provider for any server with the OpenAI chat-completions API: llama.cpp's
/// llama-server, vLLM, Ollama, LM Studio, OpenAI. Streams with SSE.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "protocol/model_provider.h"
#include "providers/openai_request.h"

namespace pair {

class HttpClient;

struct OpenAIProviderConfig {
  std::string base_url;  ///< e.g. http://localhost:8004/v1 (no trailing slash)
  std::string api_key;   ///< sent as a Bearer token when non-empty
  std::vector<std::string> extra_headers;
  OpenAIRequestOptions request;
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds idle_timeout{600'000};
  /// The window models.json sets, if any: what Ollama is asked for.
  int64_t context_window = 0;
  /// The server is one pair starts itself (models.json `gguf`/`hf`): a refused
  /// connection says pair starts it again, not how to start one by hand.
  bool managed_server = false;
};

class OpenAIProvider : public ModelProvider {
 public:
  explicit OpenAIProvider(OpenAIProviderConfig config);
  ~OpenAIProvider() override;

  /// Thread affinity: one call at a time, from any one thread.
  Result<void> stream(const ChatRequest& request, const ModelEventHandler& on_event, std::stop_token stop) override;
  std::string describe() const override;
  Result<ContextWindowInfo> context_window(std::stop_token stop) override;
  /// GET `/models` with the API key and headers a request sends; a failure
  /// is classified as a request's would be (server_error).
  ProbeResult probe(std::chrono::milliseconds timeout, std::stop_token stop) override;
  /// llama.cpp servers only (`/tokenize`).
  Result<int64_t> count_tokens(std::string_view text, std::stop_token stop) override;
  /// llama.cpp servers only (`/slots`); nullptr otherwise.
  PromptCacheStore* prompt_cache() override;

 private:
  class SlotCache;

  OpenAIProviderConfig config_;
  std::unique_ptr<HttpClient> http_;
  std::unique_ptr<SlotCache> slots_;
};

}  // namespace pair
