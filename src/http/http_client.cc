#include "http/http_client.h"

#include <mutex>
#include <optional>
#include <thread>

#include "http/curl_api.h"
#include "util/strings.h"

namespace pair {
namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxCollectedBody = 4 * 1024 * 1024;

struct Transfer {
  const CurlApi* curl = nullptr;
  const BodyHandler* on_body = nullptr;
  const ResponseStartHandler* on_start = nullptr;
  HttpResponse response;
  std::optional<Error> handler_error;
  Clock::time_point last_activity = Clock::now();
  bool status_known = false;
  bool streaming = false;
  size_t body_bytes = 0;  // received so far
  size_t max_body = 0;    // 0: kMaxCollectedBody, the rest dropped
  CURL* easy = nullptr;
};

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->last_activity = Clock::now();
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new response (after 100 Continue or a redirect)
    return n;
  }
  if (size_t colon = line.find(':'); colon != std::string_view::npos) {
    t->response.headers.emplace_back(to_lower(trim(line.substr(0, colon))), std::string(trim(line.substr(colon + 1))));
  }
  return n;
}

size_t on_write(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  t->last_activity = Clock::now();
  if (!t->status_known) {
    long status = 0;
    t->curl->easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
    t->response.status = static_cast<int>(status);
    t->status_known = true;
    t->streaming = t->on_body && *t->on_body && status >= 200 && status < 300;
    if (t->on_start && *t->on_start) {
      if (auto r = (*t->on_start)(t->response); !r) {
        t->handler_error = r.error();
        return CURL_WRITEFUNC_ERROR;
      }
    }
  }
  std::string_view chunk(data, n);
  t->body_bytes += n;
  if (t->streaming) {
    if (auto r = (*t->on_body)(chunk); !r) {
      t->handler_error = r.error();
      return CURL_WRITEFUNC_ERROR;
    }
  } else if (t->max_body > 0) {
    size_t room = t->max_body - t->response.body.size();
    t->response.body.append(chunk.substr(0, room));
    if (chunk.size() > room) {
      t->response.truncated = true;
      return CURL_WRITEFUNC_ERROR;
    }
  } else if (t->response.body.size() < kMaxCollectedBody) {
    t->response.body.append(chunk.substr(0, kMaxCollectedBody - t->response.body.size()));
  }
  return n;
}

Error describe_curl_error(const CurlApi& curl, CURLcode code, const std::string& url, const char* detail) {
  std::string why = detail && *detail ? detail : curl.easy_strerror(code);
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return {ErrorCode::kConnection, "cannot connect to " + url + ": " + why};
    case CURLE_OPERATION_TIMEDOUT: return {ErrorCode::kTimeout, "request to " + url + " timed out: " + why};
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE: return {ErrorCode::kDisconnected, "connection to " + url + " closed mid-response: " + why};
    default: return {ErrorCode::kConnection, "request to " + url + " failed: " + why};
  }
}

/// The lists curl reads while the transfer runs; freed once it is removed.
struct RequestLists {
  curl_slist* headers = nullptr;
  curl_slist* connect_to = nullptr;

  void free_all(const CurlApi& curl) {
    curl.slist_free_all(headers);
    if (connect_to) curl.slist_free_all(connect_to);
  }
};

/// Sets the request's URL, headers, timeouts, callbacks, connection pinning,
/// redirects, method and body on a reset handle.
RequestLists set_request_options(const CurlApi& curl, CURL* easy, const HttpRequest& request, Transfer& t,
                                 char* error_buffer) {
  RequestLists lists;
  for (const auto& h : request.headers) lists.headers = curl.slist_append(lists.headers, h.c_str());
  // No "Expect: 100-continue" round trip: servers answer large bodies directly.
  lists.headers = curl.slist_append(lists.headers, "Expect:");

  curl.easy_setopt(easy, CURLOPT_URL, request.url.c_str());
  curl.easy_setopt(easy, CURLOPT_HTTPHEADER, lists.headers);
  curl.easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(easy, CURLOPT_ERRORBUFFER, error_buffer);
  curl.easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(request.connect_timeout.count()));
  if (request.total_timeout.count() > 0)
    curl.easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(request.total_timeout.count()));
  curl.easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl.easy_setopt(easy, CURLOPT_HEADERDATA, &t);
  curl.easy_setopt(easy, CURLOPT_WRITEFUNCTION, on_write);
  curl.easy_setopt(easy, CURLOPT_WRITEDATA, &t);
  curl.easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
  if (!request.connect_address.empty()) {
    bool v6 = request.connect_address.find(':') != std::string::npos;
    std::string entry = "::" + (v6 ? "[" + request.connect_address + "]" : request.connect_address) + ":" +
                        std::to_string(request.connect_port);
    lists.connect_to = curl.slist_append(nullptr, entry.c_str());
    curl.easy_setopt(easy, CURLOPT_CONNECT_TO, lists.connect_to);
    curl.easy_setopt(easy, CURLOPT_PROXY, "");  // a proxy would connect elsewhere: none, whatever the environment says
  }
  if (request.accept_compressed) curl.easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "");
  if (request.follow_redirects) {
    curl.easy_setopt(easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(easy, CURLOPT_MAXREDIRS, 10L);
    curl.easy_setopt(easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  }
  if (request.method == "POST") {
    curl.easy_setopt(easy, CURLOPT_POST, 1L);
    curl.easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (request.method != "GET") {
    curl.easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    if (!request.body.empty()) {
      curl.easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
      curl.easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    }
  }
  return lists;
}

/// Why the transfer loop stopped.
enum class LoopEnd { kFinished, kCancelled, kIdle };

/// Drives the transfer until curl finishes it, the caller cancels, or the
/// server stays silent past the idle timeout.
LoopEnd perform(const CurlApi& curl, CURLM* multi, const HttpRequest& request, Transfer& t, std::stop_token stop) {
  t.last_activity = Clock::now();
  for (;;) {
    int running = 0;
    size_t received = t.body_bytes;
    CURLMcode mc = curl.multi_perform(multi, &running);
    if (mc != CURLM_OK || running == 0) return LoopEnd::kFinished;
    if (t.streaming && t.body_bytes != received && request.stream_batch.count() > 0 && !stop.stop_requested())
      std::this_thread::sleep_for(request.stream_batch);  // let the next events gather in the socket
    if (stop.stop_requested()) return LoopEnd::kCancelled;
    if (Clock::now() - t.last_activity > request.idle_timeout) return LoopEnd::kIdle;
    curl.multi_poll(multi, nullptr, 0, 250, nullptr);
  }
}

/// curl's result for a finished transfer of `easy`.
CURLcode transfer_result(const CurlApi& curl, CURLM* multi, CURL* easy) {
  CURLcode code = CURLE_OK;
  int left = 0;
  while (CURLMsg* msg = curl.multi_info_read(multi, &left))
    if (msg->msg == CURLMSG_DONE && msg->easy_handle == easy) code = msg->data.result;
  return code;
}

/// The response, or the error that ended the transfer: cancelled, idle,
/// the handler's own, or curl's.
Result<HttpResponse> outcome(const CurlApi& curl, const HttpRequest& request, LoopEnd end, CURLcode code, Transfer& t,
                             const char* error_buffer) {
  if (end == LoopEnd::kCancelled) return fail(ErrorCode::kCancelled, "request cancelled");
  if (end == LoopEnd::kIdle)
    return fail(ErrorCode::kTimeout, "no data from " + request.url + " for " +
                                         std::to_string(request.idle_timeout.count() / 1000) + " s; gave up waiting");
  if (t.handler_error) return std::unexpected(*t.handler_error);
  if (code == CURLE_WRITE_ERROR && t.response.truncated) code = CURLE_OK;
  if (code != CURLE_OK) return std::unexpected(describe_curl_error(curl, code, request.url, error_buffer));
  return std::move(t.response);
}

}  // namespace

std::string HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return "";
}

struct HttpClient::Impl {
  const CurlApi* curl = nullptr;
  CURL* easy = nullptr;
  CURLM* multi = nullptr;

  /// Loads libcurl and makes the handles on the first request, not at
  /// start-up (see curl_api.h).
  Result<void> load() {
    if (!curl) {
      auto api = curl_api();
      if (!api) return std::unexpected(api.error());
      curl = *api;
      easy = curl->easy_init();
      multi = curl->multi_init();
    }
    if (!easy || !multi) return fail(ErrorCode::kInternal, "libcurl failed to initialize");
    return {};
  }
};

HttpClient::HttpClient() : impl_(std::make_unique<Impl>()) {}

HttpClient::~HttpClient() {
  if (impl_->multi) impl_->curl->multi_cleanup(impl_->multi);
  if (impl_->easy) impl_->curl->easy_cleanup(impl_->easy);
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request, const BodyHandler& on_body, std::stop_token stop) {
  return send(request, ResponseStartHandler(), on_body, stop);
}

Result<HttpResponse> HttpClient::send(const HttpRequest& request, const ResponseStartHandler& on_start,
                                      const BodyHandler& on_body, std::stop_token stop) {
  if (auto ready = impl_->load(); !ready) return std::unexpected(ready.error());
  const CurlApi& curl = *impl_->curl;
  CURL* easy = impl_->easy;
  curl.easy_reset(easy);

  Transfer t;
  t.curl = &curl;
  t.on_body = &on_body;
  t.on_start = &on_start;
  t.easy = easy;
  t.max_body = request.max_body_bytes;
  char error_buffer[CURL_ERROR_SIZE] = {0};
  RequestLists lists = set_request_options(curl, easy, request, t, error_buffer);

  CURLM* multi = impl_->multi;
  curl.multi_add_handle(multi, easy);
  // Wake the poll in perform() at once when the user cancels.
  std::stop_callback wake(stop, [&curl, multi] { curl.multi_wakeup(multi); });

  LoopEnd end = perform(curl, multi, request, t, stop);
  CURLcode code = end == LoopEnd::kFinished ? transfer_result(curl, multi, easy) : CURLE_OK;
  if (!t.status_known) {
    long status = 0;
    curl.easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    t.response.status = static_cast<int>(status);
  }
  curl.multi_remove_handle(multi, easy);
  lists.free_all(curl);
  return outcome(curl, request, end, code, t, error_buffer);
}

}  // namespace pair
