#pragma once
/// What an OpenAI-compatible server says about itself beyond chat: its
/// context window (llama-server /props, Ollama /api/show, vLLM /v1/models,
/// LM Studio /api/v0/models), llama-server's tokenizer and its KV-cache slots.
/// Each call is a small JSON request on the provider's HTTP client.

#include <optional>
#include <stop_token>
#include <string>

#include "protocol/model_provider.h"

namespace pair {

class HttpClient;

/// The server's root: the base URL without its trailing "/v1".
std::string server_root(const std::string& base_url);

struct DiscoveredWindow {
  ContextWindowInfo info;
  bool ollama = false;  ///< Ollama: the window must be sent with each request
};

/// Tries the endpoints in turn (local servers only; a remote API is not
/// probed). `llama_cpp`: the server is expected to be llama.cpp.
Result<DiscoveredWindow> discover_context_window(HttpClient& http, const std::string& base_url,
                                                 const std::string& model_id, bool llama_cpp, std::stop_token stop);

/// llama-server's POST /tokenize.
Result<int64_t> llama_count_tokens(HttpClient& http, const std::string& base_url, std::string_view text,
                                   std::stop_token stop);

/// llama-server's POST /slots/{slot}?action=save|restore with a file name;
/// returns n_saved / n_restored.
Result<int64_t> llama_slot_action(HttpClient& http, const std::string& base_url, int slot, const std::string& action,
                                  const std::string& filename, std::stop_token stop);

}  // namespace pair
