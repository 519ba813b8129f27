#include "providers/provider_error.h"

#include "util/strings.h"
#include "util/url.h"
#include "util/utf8.h"

namespace pair {
namespace {

/// The digits starting at `pos`, or 0 when there are none or more than a
/// window could have (a 40-digit number is not a window).
int64_t number_at(std::string_view s, size_t pos) {
  constexpr size_t kMaxDigits = 12;
  size_t end = pos;
  while (end < s.size() && s[end] >= '0' && s[end] <= '9') ++end;
  if (end == pos || end - pos > kMaxDigits) return 0;
  int64_t value = 0;
  for (size_t i = pos; i < end; ++i) value = value * 10 + (s[i] - '0');
  return value;
}

}  // namespace

bool is_context_overflow(std::string_view type, std::string_view message) {
  for (std::string_view t : {"exceed_context_size_error", "context_length_exceeded"})
    if (type == t) return true;
  std::string m = to_lower(message);
  for (const char* phrase :
       {"exceeds the available context size", "maximum context length", "maximum model length",
        "context length exceeded", "context_length_exceeded", "prompt is too long", "input is too long",
        "too many input tokens", "exceed context limit", "exceeds the context window"})
    if (m.find(phrase) != std::string::npos) return true;
  return false;
}

int64_t window_from_overflow_message(std::string_view message) {
  // The number right after the phrase that names the window.
  for (std::string_view phrase : {"available context size (", "maximum context length is ", "maximum model length of ",
                                  "context length of ", "context window of "}) {
    size_t at = message.find(phrase);
    if (at == std::string_view::npos) continue;
    if (int64_t n = number_at(message, at + phrase.size()); n > 0) return n;
  }
  // Anthropic: "prompt is too long: 210000 tokens > 200000 maximum".
  if (size_t at = message.find("> ");
      at != std::string_view::npos && message.find(" maximum", at) != std::string_view::npos)
    return number_at(message, at + 2);
  return 0;
}

bool is_html_page(std::string_view body) {
  std::string head = to_lower(trim(body).substr(0, 512));
  return head.starts_with("<!doctype html") || head.starts_with("<html") || head.find("<html") != std::string::npos ||
         head.find("<head>") != std::string::npos || head.find("<title>") != std::string::npos;
}

std::string describe_html_page(std::string_view body) {
  std::string lower = to_lower(body.substr(0, 64 * 1024));
  size_t open = lower.find("<title>");
  size_t close = open == std::string::npos ? std::string::npos : lower.find("</title>", open);
  if (close == std::string::npos) return "an HTML page";
  std::string_view title = trim(body.substr(open + 7, close - open - 7));
  title = title.substr(0, utf8_safe_cut(title, 120));
  if (title.empty()) return "an HTML page";
  return "an HTML page titled \"" + replace_all(utf8_sanitize(title), "\n", " ") + "\"";
}

Error wrong_server_error(int http_status, std::string_view body, std::string_view url) {
  std::string text = std::string(url) + " is not a model API: it answered HTTP " + std::to_string(http_status) +
                     " with " + describe_html_page(body) +
                     ". Another kind of server may be listening on that port; check the url in models.json (an "
                     "OpenAI-compatible server such as llama-server answers JSON under /v1)";
  return {ErrorCode::kWrongServer, text, http_status};
}

Error unreachable_error(const Error& transport, std::string_view url, bool managed_server) {
  auto parsed = parse_url(url);
  if (transport.code != ErrorCode::kConnection || !transport.message.starts_with("cannot connect") || !parsed ||
      !is_local_host(parsed->host))
    return transport;
  if (managed_server)
    return {ErrorCode::kConnection,
            transport.message +
                ": the model server pair runs for this model is not answering; pair starts it again "
                "with the next message"};
  return {ErrorCode::kConnection, transport.message + ". Is the model server running on port " +
                                      std::to_string(parsed->port) + "? Start one with `llama-server -m MODEL.gguf " +
                                      "--jinja --port " + std::to_string(parsed->port) + "`"};
}

std::string brief_problem(const Error& e) {
  std::string status = e.http_status ? " (HTTP " + std::to_string(e.http_status) + ")" : "";
  switch (e.code) {
    case ErrorCode::kConnection:
      if (to_lower(e.message).find("resolve") != std::string::npos) return "host not found";
      return e.message.starts_with("cannot connect") ? "connection refused" : "not reachable";
    case ErrorCode::kTimeout: return "no answer in time";
    case ErrorCode::kAuth: return "API key refused" + status;
    case ErrorCode::kWrongServer: return "not a model server" + status;
    case ErrorCode::kNotFound: return "model or path not found" + status;
    case ErrorCode::kContextOverflow: return "context window exceeded";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kDisconnected: return "connection closed";
    case ErrorCode::kHttp:
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kIo:
    case ErrorCode::kParse:
    case ErrorCode::kConfig:
    case ErrorCode::kProtocol:
    case ErrorCode::kPermission:
    case ErrorCode::kInternal: break;
  }
  return e.http_status ? "HTTP " + std::to_string(e.http_status) : "error";
}

}  // namespace pair
