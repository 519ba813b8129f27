#pragma once
/// HTTP transport on libcurl. One client per provider (it keeps connections
/// alive between requests); not thread-safe, use it from one thread.

#include <chrono>
#include <functional>
#include <memory>
#include <stop_token>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace pair {

/// HttpRequest::stream_batch for a model's token stream: one frame of a
/// 60 Hz display, below what a reader notices; at 2,000 tokens/s about 30
/// tokens per wake-up.
inline constexpr std::chrono::milliseconds kTokenStreamBatch{16};

struct HttpRequest {
  std::string method = "POST";
  std::string url;
  std::vector<std::string> headers;  ///< "Name: value"
  std::string body;
  std::chrono::milliseconds connect_timeout{10'000};
  /// Abort only after this much real silence (no byte at all, keep-alive
  /// comments included). A long prefill that reports progress never trips it.
  std::chrono::milliseconds idle_timeout{600'000};
  /// 0: no limit on the whole exchange (the default for model requests).
  std::chrono::milliseconds total_timeout{0};
  /// When set, connect to this address ("93.184.216.34", "2606:2800::1")
  /// and port instead of resolving the URL's host; TLS still checks the
  /// URL's host name. Lets a caller pin the address it has vetted. No proxy
  /// is used then (proxy environment variables are ignored).
  std::string connect_address;
  int connect_port = 0;
  /// Read at most this many body bytes, then stop and mark the response
  /// `truncated` (a success). 0: collected bodies are capped at 4 MiB and the
  /// rest is read and dropped.
  size_t max_body_bytes = 0;
  /// Offer gzip/deflate/br and decompress; caps apply to decompressed bytes.
  bool accept_compressed = false;
  /// Follow redirects (http/https only, at most 10): downloads from CDNs.
  bool follow_redirects = false;
  /// While a streamed body keeps arriving, read it at most this often: a fast
  /// token stream (thousands of small events a second) then costs one
  /// wake-up per batch instead of several per token. The first bytes are
  /// read at once. 0: read everything the moment it arrives.
  std::chrono::milliseconds stream_batch{0};
};

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  ///< names lower-cased
  std::string body;                                          ///< collected unless streamed to a handler
  bool truncated = false;                                    ///< stopped at HttpRequest::max_body_bytes

  /// Value of a header (name lower-case), or empty.
  std::string header(std::string_view name) const;
};

/// Receives body bytes as they arrive; an error aborts the transfer and is
/// returned from `send`.
using BodyHandler = std::function<Result<void>(std::string_view)>;
/// Sees the final status and headers once, before the first body byte (a
/// resumed download tells 206 from 200 here); an error aborts the transfer.
using ResponseStartHandler = std::function<Result<void>(const HttpResponse&)>;

class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  /// Performs the request. With `on_body`, a 2xx body streams to it and
  /// `body` stays empty; other statuses are collected into `body` (capped) so
  /// the caller can show the server's own error message. Errors: kConnection
  /// (unreachable, or closed mid-response), kTimeout (connect, idle or total),
  /// kCancelled (stop requested; returns within milliseconds), or the handler's.
  Result<HttpResponse> send(const HttpRequest& request, const BodyHandler& on_body, std::stop_token stop = {});
  /// The same, calling `on_start` with the status and headers before the body.
  Result<HttpResponse> send(const HttpRequest& request, const ResponseStartHandler& on_start,
                            const BodyHandler& on_body, std::stop_token stop = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pair
