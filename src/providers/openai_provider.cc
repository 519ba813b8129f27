#include "providers/openai_provider.h"

#include <algorithm>
#include <optional>

#include "http/http_client.h"
#include "http/sse_parser.h"
#include "providers/openai_server_info.h"
#include "providers/openai_stream.h"
#include "providers/provider_error.h"
#include "providers/server_error.h"

namespace pair {
class OpenAIProvider::SlotCache : public PromptCacheStore {
 public:
  explicit SlotCache(OpenAIProvider& p) : p_(p) {}
  void pin_slot(int slot) override { p_.config_.request.id_slot = slot; }
  int pinned_slot() const override { return p_.config_.request.id_slot; }
  Result<int64_t> save(const std::string& filename, std::stop_token stop) override {
    return llama_slot_action(*p_.http_, p_.config_.base_url, std::max(0, pinned_slot()), "save", filename, stop);
  }
  Result<int64_t> restore(const std::string& filename, std::stop_token stop) override {
    return llama_slot_action(*p_.http_, p_.config_.base_url, std::max(0, pinned_slot()), "restore", filename, stop);
  }

 private:
  OpenAIProvider& p_;
};

OpenAIProvider::OpenAIProvider(OpenAIProviderConfig config)
    : config_(std::move(config)), http_(std::make_unique<HttpClient>()), slots_(std::make_unique<SlotCache>(*this)) {}

OpenAIProvider::~OpenAIProvider() = default;

Result<ContextWindowInfo> OpenAIProvider::context_window(std::stop_token stop) {
  auto found = discover_context_window(*http_, config_.base_url, config_.request.model_id,
                                       config_.request.llama_cpp_extensions, stop);
  if (!found) return std::unexpected(found.error());
  if (found->ollama) {
    // Ollama truncates silently to its own default unless each request names the window.
    int64_t window = config_.context_window > 0 ? config_.context_window : found->info.tokens;
    if (config_.request.ollama_num_ctx <= 0) config_.request.ollama_num_ctx = static_cast<int>(window);
    found->info.tokens = config_.request.ollama_num_ctx;
  }
  return found->info;
}

Result<int64_t> OpenAIProvider::count_tokens(std::string_view text, std::stop_token stop) {
  if (!config_.request.llama_cpp_extensions) return ModelProvider::count_tokens(text, stop);
  return llama_count_tokens(*http_, config_.base_url, text, stop);
}

PromptCacheStore* OpenAIProvider::prompt_cache() {
  return config_.request.llama_cpp_extensions ? slots_.get() : nullptr;
}

std::string OpenAIProvider::describe() const {
  return "openai " + config_.base_url + " (" + config_.request.model_id + ")";
}

ProbeResult OpenAIProvider::probe(std::chrono::milliseconds timeout, std::stop_token stop) {
  HttpRequest http;
  http.method = "GET";
  http.url = config_.base_url + "/models";
  if (!config_.api_key.empty()) http.headers.push_back("Authorization: Bearer " + config_.api_key);
  for (const auto& h : config_.extra_headers) http.headers.push_back(h);
  http.connect_timeout = std::min(timeout, config_.connect_timeout);
  http.total_timeout = timeout;
  http.max_body_bytes = 256 * 1024;
  auto start = std::chrono::steady_clock::now();
  HttpClient client;  // its own connection: a probe may run beside a request
  auto response = client.send(http, nullptr, stop);
  ProbeResult r;
  r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (!response) {
    r.problem = unreachable_error(response.error(), config_.base_url, config_.managed_server);
    return r;
  }
  r.reachable = true;
  if (response->status >= 300)
    r.problem = server_error(response->status, response->body, config_.base_url);
  else if (is_html_page(response->body))
    r.problem = wrong_server_error(response->status, response->body, config_.base_url);
  return r;
}

Result<void> OpenAIProvider::stream(const ChatRequest& request, const ModelEventHandler& on_event,
                                    std::stop_token stop) {
  HttpRequest http;
  http.url = config_.base_url + "/chat/completions";
  http.body = build_chat_request_body(request, config_.request);
  http.headers = {"Content-Type: application/json", "Accept: text/event-stream"};
  if (!config_.api_key.empty()) http.headers.push_back("Authorization: Bearer " + config_.api_key);
  for (const auto& h : config_.extra_headers) http.headers.push_back(h);
  http.connect_timeout = config_.connect_timeout;
  http.idle_timeout = config_.idle_timeout;
  http.stream_batch = kTokenStreamBatch;

  OpenAIStreamDecoder decoder(on_event, config_.base_url);
  std::optional<Error> stream_error;
  SseParser parser([&](const SseEvent& event) {
    if (stream_error || decoder.saw_done()) return;
    if (auto r = decoder.on_data(event.data); !r) stream_error = r.error();
  });
  BodyHandler on_body = [&](std::string_view bytes) -> Result<void> {
    if (auto r = parser.feed(bytes); !r) return r;
    if (stream_error) return std::unexpected(*stream_error);
    return {};
  };

  auto response = http_->send(http, on_body, stop);
  if (!response) {
    // A cut connection after a complete answer is not an error.
    if (response.error().code == ErrorCode::kDisconnected && decoder.saw_done()) return decoder.finish();
    return std::unexpected(unreachable_error(response.error(), config_.base_url, config_.managed_server));
  }
  if (response->status >= 300) return std::unexpected(server_error(response->status, response->body, config_.base_url));
  parser.finish();
  if (stream_error) return std::unexpected(*stream_error);
  return decoder.finish();
}

}  // namespace pair
