#pragma once
/// The one interface between the agent loop and any model server. Providers
/// (openai, bedrock, ...) implement it; the core never sees HTTP.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <stop_token>
#include <string>
#include <string_view>

#include "protocol/message.h"
#include "protocol/model_event.h"
#include "protocol/tool_spec.h"
#include "util/error.h"

namespace pair {

/// How much a reasoning model thinks. Request fields, never part of the
/// prompt, so changing them mid-session keeps the server's prompt cache
/// (except where a chat template writes the effort into the prompt).
struct ReasoningOptions {
  std::optional<int> budget;  ///< thinking tokens: 0 none, -1 no limit; unset: the server's default
  std::string effort;         ///< "low", "high", ...; empty: the server's default
  bool operator==(const ReasoningOptions&) const = default;
};

struct GenerationOptions {
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<int> max_tokens;
  ReasoningOptions reasoning;
};

struct ChatRequest {
  std::span<const Message> messages;  ///< the first one may be the system prompt
  std::span<const ToolSpec> tools;    ///< in a fixed order: the prompt cache depends on it
  GenerationOptions options;
};

/// What a server says about the context window one request gets.
struct ContextWindowInfo {
  int64_t tokens = 0;  ///< per request: llama-server splits -c across its slots
  int slots = 1;       ///< requests the server serves in parallel
  std::string source;  ///< where the figure came from, for display
};

/// A server's KV-cache persistence (llama-server's slots with
/// --slot-save-path): lets a resumed session skip re-reading its prompt.
class PromptCacheStore {
 public:
  virtual ~PromptCacheStore() = default;
  /// Sends every later request to this slot (`id_slot`), so parallel
  /// sessions do not evict each other's caches. -1: any slot.
  virtual void pin_slot(int slot) = 0;
  virtual int pinned_slot() const = 0;
  /// Saves the slot's cache under `filename` (a plain name, no path) in the
  /// server's save directory. Returns the number of tokens saved.
  virtual Result<int64_t> save(const std::string& filename, std::stop_token stop) = 0;
  /// Loads a saved cache into the slot. Returns the number of tokens restored.
  virtual Result<int64_t> restore(const std::string& filename, std::stop_token stop) = 0;
};

/// What a quick check of a model server found (the `/model` list, `pair
/// doctor`).
struct ProbeResult {
  bool checked = true;     ///< false: this provider has no quick check
  bool reachable = false;  ///< something answered (perhaps with an error)
  double ms = 0;           ///< how long the check took
  /// What is wrong, classified as a request's error would be (kConnection,
  /// kAuth, kWrongServer, kNotFound, ...); empty: the server is ready.
  std::optional<Error> problem;
};

class ModelProvider {
 public:
  virtual ~ModelProvider() = default;
  /// Sends the request and calls `on_event` for each event as it arrives, on
  /// the calling thread. Returns once the answer is complete (a Finish event
  /// was delivered), or with an error: the events already delivered stand.
  /// Stopping the token cancels the request promptly (kCancelled).
  virtual Result<void> stream(const ChatRequest& request, const ModelEventHandler& on_event, std::stop_token stop) = 0;
  /// A short human description: "openai http://localhost:8004/v1 (qwen3-coder)".
  virtual std::string describe() const = 0;

  /// Asks the server for its per-request window. kNotFound when the server
  /// does not say; the caller then falls back to configuration.
  virtual Result<ContextWindowInfo> context_window(std::stop_token stop) {
    (void)stop;
    return fail(ErrorCode::kNotFound, "the server does not report its context window");
  }
  /// The number of tokens `text` is for the server's own tokenizer, when it
  /// offers one (kNotFound otherwise).
  virtual Result<int64_t> count_tokens(std::string_view text, std::stop_token stop) {
    (void)text;
    (void)stop;
    return fail(ErrorCode::kNotFound, "the server offers no tokenizer");
  }
  /// Checks quickly, with the credentials a request would send, whether the
  /// server answers and whether it would serve this model. Never longer than
  /// `timeout`. Default: no quick check (`checked` false).
  virtual ProbeResult probe(std::chrono::milliseconds timeout, std::stop_token stop) {
    (void)timeout;
    (void)stop;
    ProbeResult r;
    r.checked = false;
    return r;
  }
  /// The server's KV-cache persistence, or nullptr when it has none.
  virtual PromptCacheStore* prompt_cache() { return nullptr; }
};

}  // namespace pair
