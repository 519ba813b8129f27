#include "mcp/http_transport.h"

#include <algorithm>
#include <condition_variable>
#include <optional>
#include <utility>

#include "http/http_client.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair::mcp {
namespace {

/// Error bodies are read this far: enough for the server's own message.
constexpr size_t kErrorBodyBytes = 4096;
/// Of which this much is quoted in the error.
constexpr size_t kQuotedBodyBytes = 300;
/// A reply stream cut short is resumed this many times before the request fails.
constexpr int kMaxResumes = 3;
/// The longest pause before resuming that is honoured: a server asking for more (its `retry:`
/// field) is not waited on for longer.
constexpr long kMaxResumeDelayMs = 30'000;

/// The start of an error body on one line, for a message.
std::string quote_body(std::string_view body) {
  std::string s(trim(body.substr(0, kQuotedBodyBytes)));
  for (char& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  if (body.size() > kQuotedBodyBytes) s += " …";
  return s;
}

/// A header name is a token: visible ASCII without separators.
bool valid_header_name(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name)
    if (c <= 0x20 || c >= 0x7f ||
        std::string_view("()<>@,;:\\\"/[]?={}").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

/// Whether an error body speaks of the session ("No valid session ID provided").
bool mentions_session(std::string_view body) {
  return to_lower(body.substr(0, 4096)).find("session") != std::string::npos;
}

bool has_line_break(std::string_view value) {
  return value.find_first_of("\r\n") != std::string_view::npos;
}

}  // namespace

HttpTransport::HttpTransport(const ServerConfig& config, HttpTransportOptions options)
    : name_(config.name),
      url_(config.url),
      configured_headers_(config.headers.begin(), config.headers.end()),
      source_(config.source),
      options_(options) {}

HttpTransport::~HttpTransport() {
  close();
}

void HttpTransport::set_handlers(MessageHandler on_message, ClosedHandler on_closed) {
  on_message_ = std::move(on_message);
  on_closed_ = std::move(on_closed);
}

std::string HttpTransport::where() const {
  return "MCP server '" + name_ + "' (" + url_ + ")";
}

std::string HttpTransport::describe() const {
  return url_;
}

Result<void> HttpTransport::open(std::stop_token /*stop*/) {
  std::string in = source_.empty() ? "" : " in " + source_;
  auto url = parse_url(url_);
  if (!url || (url->scheme != "http" && url->scheme != "https"))
    return fail(ErrorCode::kConfig, "MCP server '" + name_ + "'" + in + ": \"url\": \"" + url_ +
                                        "\" is not an http:// or https:// URL" +
                                        (url ? "" : " (" + url.error().message + ")"));
  for (const auto& [name, value] : configured_headers_) {
    if (!valid_header_name(name) || has_line_break(value))
      return fail(ErrorCode::kConfig, "MCP server '" + name_ + "'" + in + ": the header \"" + name +
                                          "\" is not a valid HTTP header (a name without spaces or ':', a value "
                                          "on one line); fix it under \"headers\"");
  }
  std::lock_guard lock(mu_);
  opened_ = true;
  closed_ = false;
  closed_reported_ = false;
  return {};
}

void HttpTransport::set_protocol_version(const std::string& version) {
  std::lock_guard lock(mu_);
  protocol_version_ = version;
}

std::string HttpTransport::session_id() const {
  std::lock_guard lock(mu_);
  return session_id_;
}

HttpTransport::Snapshot HttpTransport::request_headers(bool with_body) const {
  Snapshot s;
  std::lock_guard lock(mu_);
  if (with_body) {
    s.headers.emplace_back("Content-Type: application/json");
    s.headers.emplace_back("Accept: application/json, text/event-stream");
  }
  for (const auto& [name, value] : configured_headers_) s.headers.push_back(name + ": " + value);
  if (!session_id_.empty()) s.headers.push_back("Mcp-Session-Id: " + session_id_);
  if (!protocol_version_.empty()) s.headers.push_back("MCP-Protocol-Version: " + protocol_version_);
  s.session_id = session_id_;
  return s;
}

void HttpTransport::adopt_session_id(const std::string& id) {
  // The spec allows visible ASCII only; anything else could not be sent back as a header.
  if (id.empty() || has_line_break(id)) return;
  std::lock_guard lock(mu_);
  if (session_id_.empty()) session_id_ = id;
}

std::unique_ptr<HttpClient> HttpTransport::take_client() {
  std::lock_guard lock(mu_);
  if (idle_clients_.empty()) return std::make_unique<HttpClient>();
  auto client = std::move(idle_clients_.back());
  idle_clients_.pop_back();
  return client;
}

void HttpTransport::return_client(std::unique_ptr<HttpClient> client) {
  std::lock_guard lock(mu_);
  idle_clients_.push_back(std::move(client));
}

Error HttpTransport::session_ended(Error why, const std::string& session_id) {
  bool report = false;
  {
    std::lock_guard lock(mu_);
    // Only the session this request carried: a new one may already have replaced it.
    if (!session_id.empty() && session_id_ == session_id) {
      session_id_.clear();
      protocol_version_.clear();
    }
    report = !closed_reported_;
    closed_reported_ = true;
  }
  if (report && on_closed_) on_closed_(why);
  return why;
}

Error HttpTransport::status_error(int status, const std::string& body, const std::string& session_id) {
  std::string in = source_.empty() ? "the server's configuration" : "its configuration in " + source_;
  if (status == 401 || status == 403) {
    std::string names;
    for (const auto& [name, value] : configured_headers_) names += (names.empty() ? "" : ", ") + name;
    std::string what = status == 401 ? "HTTP 401 Unauthorized" : "HTTP 403 Forbidden";
    std::string fix =
        names.empty() ? "set the header it expects under \"headers\" in " + in +
                            ", e.g. \"headers\": {\"Authorization\": \"Bearer ${MY_TOKEN}\"} (${MY_TOKEN} is read from "
                            "your environment)"
                      : "the headers sent (" + names + ") were refused: check their values under \"headers\" in " + in +
                            " and that the variables they name (${VAR}) are set in your environment";
    return Error(ErrorCode::kAuth, where() + " refused the request: " + what + "; " + fix, status);
  }
  // The session this request carried is gone: 404 as the protocol says, or 400 naming the session,
  // which is what the TypeScript SDK's servers answer for an id they do not know (after a restart).
  bool unknown_session = status == 404 || (status == 400 && mentions_session(body));
  if (unknown_session && !session_id.empty())
    return session_ended(Error(ErrorCode::kDisconnected,
                               where() + " no longer knows the session " + session_id + " (HTTP " +
                                   std::to_string(status) + "); the next use starts a new session (initialize again)",
                               status),
                         session_id);
  if (status == 404)
    return Error(ErrorCode::kHttp,
                 "no MCP endpoint at " + url_ + " (HTTP 404) for server '" + name_ + "': check its \"url\" in " + in,
                 status);
  std::string quoted = quote_body(body);
  return Error(ErrorCode::kHttp,
               where() + " answered HTTP " + std::to_string(status) + (quoted.empty() ? "" : ": " + quoted), status);
}

Result<HttpResponse> HttpTransport::exchange(const HttpRequest& request, const std::string& awaited,
                                             std::optional<ReplyReader>& reader, std::stop_token stop) {
  ResponseStartHandler on_start = [&](const HttpResponse& response) -> Result<void> {
    if (response.status < 200 || response.status >= 300) return {};
    // Before the first message is delivered: the client's next POST (notifications/initialized)
    // must already carry the session id of the initialize reply.
    adopt_session_id(response.header("mcp-session-id"));
    std::string type = response.header("content-type");
    ReplyFraming framing = reply_framing(type);
    // A notification or response needs no answer: whatever body a lenient server adds is ignored.
    if (framing == ReplyFraming::kOther && awaited.empty() && request.method == "POST") return {};
    if (framing == ReplyFraming::kOther || (request.method == "GET" && framing != ReplyFraming::kEventStream))
      return fail(ErrorCode::kWrongServer, where() + " answered with Content-Type \"" + type +
                                               "\", not JSON or an event stream: is the URL an MCP endpoint?");
    reader.emplace(framing, awaited, options_.max_message_bytes, where(), on_message_);
    return {};
  };
  BodyHandler on_body = [&](std::string_view bytes) -> Result<void> {
    if (!reader) return {};  // a 2xx whose start was refused never gets here
    return reader->feed(bytes);
  };
  auto client = take_client();
  auto response = client->send(request, on_start, on_body, stop);
  return_client(std::move(client));
  if (!response) {
    Error e = response.error();
    if (e.code == ErrorCode::kCancelled) return fail(ErrorCode::kCancelled, where() + ": request cancelled");
    // The reader's and the start handler's errors already name the server; curl's name only the URL.
    if (e.message.find(where()) == std::string::npos) e.message = "MCP server '" + name_ + "': " + e.message;
    return std::unexpected(e);
  }
  if (response->status >= 200 && response->status < 300) {
    adopt_session_id(response->header("mcp-session-id"));
    if (reader) {
      if (auto done = reader->finish(); !done) return std::unexpected(done.error());
    }
  }
  return response;
}

Result<void> HttpTransport::send(const std::string& message, std::stop_token stop) {
  {
    std::lock_guard lock(mu_);
    if (closed_) return fail(ErrorCode::kDisconnected, where() + " is closed; nothing was sent");
    if (!opened_) return fail(ErrorCode::kInternal, where() + ": send() before open()");
  }
  auto awaited = request_id_of(message);
  if (!awaited) return std::unexpected(awaited.error());

  Snapshot snapshot = request_headers(true);
  HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.headers = std::move(snapshot.headers);
  request.body = message;
  request.connect_timeout = options_.connect_timeout;
  request.idle_timeout = options_.idle_timeout;
  request.max_body_bytes = kErrorBodyBytes;  // error bodies only: a 2xx body streams to the reader

  std::optional<ReplyReader> reader;
  auto response = exchange(request, *awaited, reader, stop);
  // A request's event stream may end, or break, before its response: the server keeps the rest
  // for a GET that resumes the stream after the last event id it sent.
  bool resumable =
      !awaited->empty() && reader && reader->event_stream() && !reader->answered() && !reader->last_event_id().empty();
  // Nothing answers at all (the server stopped): this connection is over; the next use connects
  // and initializes anew, which also finds a server that came back with no memory of the session.
  if (!response && response.error().code == ErrorCode::kConnection)
    return std::unexpected(session_ended(response.error(), snapshot.session_id));
  if (!response && !(resumable && response.error().code == ErrorCode::kDisconnected))
    return std::unexpected(response.error());
  if (response && (response->status < 200 || response->status >= 300))
    return std::unexpected(status_error(response->status, response->body, snapshot.session_id));
  if (awaited->empty() || (reader && reader->answered())) {
    maybe_listen();
    return {};
  }
  if (resumable) return resume(*awaited, reader->last_event_id(), reader->retry_ms(), stop);
  std::string how = !reader ? "answered HTTP " + std::to_string(response->status) + " with no body"
                            : "ended its reply without the response";
  return fail(ErrorCode::kProtocol, where() + " " + how + " to request " + *awaited +
                                        "; a request must be answered (is the server an MCP server of revision "
                                        "2025-03-26 or later?)");
}

bool HttpTransport::pause(std::chrono::milliseconds delay, std::stop_token stop) {
  std::mutex m;
  std::condition_variable_any wake;  // only the stop token wakes it early
  std::unique_lock lock(m);
  wake.wait_for(lock, stop, delay, [] { return false; });
  return !stop.stop_requested();
}

HttpRequest HttpTransport::stream_request(const std::string& last_event_id, std::string* session_id) const {
  Snapshot snapshot = request_headers(false);
  *session_id = snapshot.session_id;
  HttpRequest request;
  request.method = "GET";
  request.url = url_;
  request.headers = std::move(snapshot.headers);
  request.headers.emplace_back("Accept: text/event-stream");
  if (!last_event_id.empty()) request.headers.push_back("Last-Event-ID: " + last_event_id);
  request.connect_timeout = options_.connect_timeout;
  request.idle_timeout = options_.idle_timeout;
  request.max_body_bytes = kErrorBodyBytes;
  return request;
}

Result<void> HttpTransport::resume(const std::string& awaited, std::string last_event_id, std::optional<long> retry_ms,
                                   std::stop_token stop) {
  std::string lost = where() + " closed the reply stream before answering request " + awaited;
  for (int attempt = 0; attempt < kMaxResumes; ++attempt) {
    // The server's retry field is binding; without one, a short pause.
    auto delay =
        std::chrono::milliseconds(std::min(retry_ms.value_or(options_.resume_delay.count()), kMaxResumeDelayMs));
    if (!pause(delay, stop)) return fail(ErrorCode::kCancelled, where() + ": request cancelled");
    std::string session_id;
    HttpRequest request = stream_request(last_event_id, &session_id);
    std::optional<ReplyReader> reader;
    auto response = exchange(request, awaited, reader, stop);
    if (reader && reader->answered()) return {};
    if (!response && response.error().code != ErrorCode::kDisconnected) return std::unexpected(response.error());
    if (response && (response->status < 200 || response->status >= 300)) {
      int status = response->status;
      if (status == 401 || status == 403 || (status == 404 && !session_id.empty()))
        return std::unexpected(status_error(status, response->body, session_id));
      return fail(ErrorCode::kDisconnected,
                  lost + ", and resuming it (GET with Last-Event-ID) got HTTP " + std::to_string(status), status);
    }
    if (reader && !reader->last_event_id().empty()) last_event_id = reader->last_event_id();
    if (reader && reader->retry_ms()) retry_ms = reader->retry_ms();
  }
  return fail(ErrorCode::kDisconnected,
              lost + ", and " + std::to_string(kMaxResumes) + " attempts to resume it did not bring the answer");
}

void HttpTransport::close() {
  bool was_open = false;
  {
    std::lock_guard lock(mu_);
    was_open = opened_ && !closed_;
    closed_ = true;
  }
  stop_listening();  // after closed_ is set: no stream starts after this
  if (!was_open) return;
  Snapshot snapshot;
  snapshot = request_headers(false);
  if (snapshot.session_id.empty()) return;
  HttpRequest request;
  request.method = "DELETE";
  request.url = url_;
  request.headers = std::move(snapshot.headers);
  request.connect_timeout = options_.close_timeout;
  request.total_timeout = options_.close_timeout;
  request.max_body_bytes = kErrorBodyBytes;
  // Best effort on the way out: 405 means the server keeps sessions until they expire, and a server
  // that is already gone has nothing to end.
  auto client = take_client();
  (void)client->send(request, BodyHandler());
  std::lock_guard lock(mu_);
  session_id_.clear();
}

}  // namespace pair::mcp
