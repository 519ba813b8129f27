#pragma once
/// web_fetch {url, max_chars?}: an HTTP(S) GET, as text for the model. HTML
/// becomes Markdown-ish text (html_to_text), plain text and JSON pass
/// through, PDFs go through `pdftotext` (poppler-utils) when installed, any
/// charset is converted to UTF-8. Redirects are followed by hand, at most
/// `max_redirects`, each hop vetted by the SSRF guard (web_guard.h) and the
/// connection pinned to the vetted address; loops are reported. The download
/// stops at `max_bytes`, the exchange at `timeout`; the text is cut at
/// max_chars (default `default_chars`, at most `max_chars`) with a note.
/// Errors for the model: refused address, unreachable host, HTTP status
/// (with the start of the page), timeout, binary content. Not thread-safe.

#include <chrono>
#include <memory>

#include "core/tool.h"
#include "tools/web_guard.h"

namespace pair {

class HttpClient;

struct WebFetchOptions {
  NetworkAllowance allowance;
  HostResolver resolver;  ///< empty: system_resolver()
  int max_redirects = 5;
  std::chrono::milliseconds timeout{30'000};
  size_t max_bytes = 5 * 1024 * 1024;
  size_t default_chars = 20'000;
  size_t max_chars = 100'000;
};

class WebFetchTool final : public Tool {
 public:
  explicit WebFetchTool(WebFetchOptions options);
  ~WebFetchTool() override;
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;

 private:
  WebFetchOptions options_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace pair
