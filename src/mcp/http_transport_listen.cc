// HttpTransport's GET stream: the messages a server sends on its own, outside any reply.
#include <algorithm>

#include "http/http_client.h"
#include "mcp/http_transport.h"

namespace pair::mcp {
namespace {

/// Reconnecting a stream that keeps failing waits longer each time, up to this.
constexpr std::chrono::milliseconds kMaxListenBackoff{30'000};
/// The first pause after a stream that ended without delivering anything.
constexpr std::chrono::milliseconds kMinFailedDelay{250};

}  // namespace

void HttpTransport::maybe_listen() {
  if (!options_.listen) return;
  std::lock_guard lock(listen_mu_);
  if (listening_ || !stream_offered_) return;
  {
    // Checked under listen_mu_: close() sets closed_ and then stops the thread under listen_mu_, so
    // it never misses one started here.
    std::lock_guard state(mu_);
    if (closed_ || session_id_.empty() || protocol_version_.empty()) return;
  }
  if (listener_.joinable()) listener_.join();  // a stream of an earlier session, already ended
  listening_ = true;
  listener_ = std::jthread([this](std::stop_token stop) { listen(stop); });
}

void HttpTransport::stop_listening() {
  std::jthread ending;
  {
    std::lock_guard lock(listen_mu_);
    ending = std::move(listener_);
  }
  // Joining on destruction; the stop cancels the GET in flight within milliseconds.
  ending.request_stop();
}

void HttpTransport::listen(std::stop_token stop) {
  std::string last_event_id;
  std::optional<long> retry_ms;
  int failures = 0;
  while (!stop.stop_requested()) {
    std::string session_id;
    HttpRequest request = stream_request(last_event_id, &session_id);
    if (session_id.empty()) break;  // the session ended; the next one starts its own stream
    std::optional<ReplyReader> reader;
    auto response = exchange(request, "", reader, stop);
    if (stop.stop_requested()) break;
    if (reader) {
      if (!reader->last_event_id().empty()) last_event_id = reader->last_event_id();
      if (reader->retry_ms()) retry_ms = reader->retry_ms();
    }
    if (response && (response->status < 200 || response->status >= 300)) {
      // 404: the session expired (reported like a POST's), the next session opens its own stream;
      // 405: the server offers none; anything else the next POST meets and reports.
      if (response->status == 404) {
        (void)status_error(404, response->body, session_id);
      } else {
        std::lock_guard lock(listen_mu_);
        stream_offered_ = false;  // not asked again on every later send
      }
      break;
    }
    if (!response) {
      ErrorCode code = response.error().code;
      // A stream that cannot be read (invalid JSON, too large, not an event stream) is not retried.
      if (code == ErrorCode::kProtocol || code == ErrorCode::kWrongServer) break;
    }
    // A stream that delivered something, or only stayed quiet too long, is healthy.
    bool healthy = (reader && reader->delivered() > 0) || (!response && response.error().code == ErrorCode::kTimeout);
    failures = healthy ? 0 : std::min(failures + 1, 8);
    // The server's retry is binding; a stream that keeps ending empty is retried less and less often.
    auto delay = std::chrono::milliseconds(retry_ms.value_or(options_.resume_delay.count()));
    if (failures > 0) delay = std::max(delay, kMinFailedDelay) * (1 << failures);
    if (!pause(std::min(delay, kMaxListenBackoff), stop)) break;
  }
  std::lock_guard lock(listen_mu_);
  listening_ = false;
}

}  // namespace pair::mcp
