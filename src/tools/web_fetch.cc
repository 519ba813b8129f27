#include "tools/web_fetch.h"

#include <fmt/format.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "tools/charset.h"
#include "tools/html_to_text.h"
#include "tools/tool_helpers.h"
#include "util/byte_size.h"
#include "util/image_info.h"
#include "util/strings.h"
#include "util/subprocess.h"
#include "util/utf8.h"

namespace pair {
namespace {

struct Fetched {
  std::string url;                     ///< the last hop's
  std::vector<std::string> redirects;  ///< the hops before it
  HttpResponse response;
};

enum class ContentKind { kHtml, kText, kPdf, kImage, kBinary };

std::string mime_of(const std::string& content_type) {
  return to_lower(trim(std::string_view(content_type).substr(0, content_type.find(';'))));
}

ContentKind classify(const std::string& mime, std::string_view body) {
  if (mime == "application/pdf" || body.starts_with("%PDF-")) return ContentKind::kPdf;
  if (sniff_image(body)) return ContentKind::kImage;
  if (mime == "text/html" || mime == "application/xhtml+xml") return ContentKind::kHtml;
  bool textual = mime.starts_with("text/") || mime.ends_with("json") || mime.ends_with("xml") ||
                 mime == "application/javascript" || mime == "application/x-yaml" || mime == "application/yaml" ||
                 mime == "application/toml";
  if (textual) return ContentKind::kText;
  if (!mime.empty() && mime != "application/octet-stream" && mime != "binary/octet-stream")
    return binary_kind(body) ? ContentKind::kBinary : ContentKind::kText;
  // No useful type: look at the bytes.
  if (binary_kind(body)) return ContentKind::kBinary;
  std::string head = to_lower(trim(body.substr(0, 512)));
  return head.starts_with("<!doctype html") || head.starts_with("<html") ? ContentKind::kHtml : ContentKind::kText;
}

bool is_redirect(int status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

Result<Fetched> fetch(HttpClient& http, const WebFetchOptions& o, const HostResolver& resolver, std::string url,
                      std::stop_token stop) {
  Fetched f;
  for (;;) {
    auto vetted = vet_url(url, o.allowance, resolver);
    if (!vetted) return std::unexpected(vetted.error());
    HttpRequest req;
    req.method = "GET";
    req.url = url;
    req.headers = {"User-Agent: Mozilla/5.0 (compatible; pair coding agent)",
                   "Accept: text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.9,*/*;q=0.5"};
    req.connect_address = vetted->address.to_string();
    req.connect_port = vetted->url.port;
    req.connect_timeout = std::min<std::chrono::milliseconds>(o.timeout, std::chrono::milliseconds(10'000));
    req.idle_timeout = o.timeout;
    req.total_timeout = o.timeout;
    req.max_body_bytes = o.max_bytes;
    req.accept_compressed = true;
    auto response = http.send(req, nullptr, stop);
    if (!response) return std::unexpected(response.error());
    std::string location = response->header("location");
    if (!is_redirect(response->status) || location.empty()) {
      f.url = url;
      f.response = std::move(*response);
      return f;
    }
    f.redirects.push_back(url);
    std::string next = resolve_url_reference(url, location);
    if (std::find(f.redirects.begin(), f.redirects.end(), next) != f.redirects.end())
      return fail(ErrorCode::kProtocol, "redirect loop: " + join(f.redirects, " -> ") + " -> " + next);
    if (static_cast<int>(f.redirects.size()) > o.max_redirects)
      return fail(ErrorCode::kProtocol,
                  fmt::format("more than {} redirects: {} -> {}", o.max_redirects, join(f.redirects, " -> "), next));
    url = std::move(next);
  }
}

/// `text` cut to `max_chars` characters, at a line end when one is near.
std::string cut_chars(const std::string& text, size_t max_chars, size_t* total) {
  size_t chars = 0, cut = text.size();
  for (size_t i = 0; i < text.size(); i += decode_utf8(text, i).length)
    if (chars++ == max_chars) cut = i;
  *total = chars;
  if (cut == text.size()) return text;
  size_t line = text.rfind('\n', cut);
  if (line != std::string::npos && line > cut - std::min<size_t>(cut, 2000)) cut = line;
  return text.substr(0, cut);
}

Result<std::string> pdf_text(std::string_view body, std::stop_token stop) {
  std::string pdftotext = find_executable("pdftotext");
  if (pdftotext.empty())
    return fail(
        ErrorCode::kNotFound,
        "pair reads PDFs with pdftotext, which is not installed (Debian/Ubuntu: apt-get install poppler-utils)");
  std::string path = (std::filesystem::temp_directory_path() / "pair-pdf-XXXXXX").string();
  int fd = ::mkstemp(path.data());
  if (fd < 0) return fail(ErrorCode::kIo, "cannot create a temporary file for the PDF");
  bool written = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size());
  ::close(fd);
  ProcessOptions p;
  p.argv = {pdftotext, "-q", "-enc", "UTF-8", path, "-"};
  p.merge_stderr = false;
  p.timeout = std::chrono::seconds(60);
  p.head_bytes = 8 * 1024 * 1024;
  p.tail_bytes = 0;
  auto r = written ? run_process(p, stop) : Result<ProcessResult>(fail(ErrorCode::kIo, "cannot write the PDF"));
  ::unlink(path.c_str());
  if (!r) return std::unexpected(r.error());
  if (r->cancelled) return fail(ErrorCode::kCancelled, "cancelled");
  if (r->exit_code != 0 || r->timed_out)
    return fail(ErrorCode::kParse, "pdftotext could not read it" +
                                       (r->error_output.empty() ? "" : ": " + std::string(trim(r->error_output))));
  return replace_all(utf8_sanitize(r->output), "\f", "\n\n");
}

}  // namespace

WebFetchTool::WebFetchTool(WebFetchOptions options)
    : options_(std::move(options)), http_(std::make_unique<HttpClient>()) {
  if (!options_.resolver) options_.resolver = system_resolver();
}

WebFetchTool::~WebFetchTool() = default;

const ToolSpec& WebFetchTool::spec() const {
  static const ToolSpec kSpec{"web_fetch", "Fetch a web page (or text, JSON, PDF) as readable text.",
                              R"({"type":"object","properties":{"url":{"type":"string"},)"
                              R"("max_chars":{"type":"integer","description":"default 20000"}},)"
                              R"("required":["url"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> WebFetchTool::inspect(const nlohmann::json& args, const ToolContext&) const {
  std::string url(trim(string_arg(args, "url")));
  if (url.empty()) return fail(ErrorCode::kInvalidArgument, "url is empty; give an http(s) URL");
  ToolEffect effect;
  effect.access = ToolAccess::kNetwork;
  effect.summary = "fetch " + url;
  effect.detail = url;  // what permission rules match: web_fetch(domain:HOST)
  return effect;
}

ToolOutput WebFetchTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  std::string url(trim(string_arg(args, "url")));
  if (url.find("://") == std::string::npos) url = "https://" + url;
  auto fetched = fetch(*http_, options_, options_.resolver, url, ctx.stop);
  if (!fetched) {
    const Error& e = fetched.error();
    if (e.code == ErrorCode::kCancelled) return ToolOutput::error("Cancelled while fetching " + url + ".");
    return ToolOutput::error("Cannot fetch " + url + ": " + e.message);
  }
  const HttpResponse& r = fetched->response;
  std::string content_type = r.header("content-type");
  std::string mime = mime_of(content_type);
  ContentKind kind = classify(mime, r.body);
  std::string size = format_bytes(r.body.size()) + (r.truncated ? "+" : "");

  std::string head = "URL: " + fetched->url + "\n";
  if (!fetched->redirects.empty()) head += "Redirected from: " + join(fetched->redirects, " -> ") + "\n";

  std::string text, title;
  switch (kind) {
    case ContentKind::kImage: {
      auto image = sniff_image(r.body);
      std::string dims = image->width > 0 ? fmt::format(", {}x{}", image->width, image->height) : "";
      return ToolOutput::error(
          fmt::format("{} is an image ({}{}, {}); web_fetch returns text. To look at it, download it to a file "
                      "(e.g. curl -o) and use analyze_media if it is available.",
                      fetched->url, image->format, dims, size));
    }
    case ContentKind::kBinary:
      return ToolOutput::error(fmt::format("{} is binary content ({}, {}); web_fetch returns text only.", fetched->url,
                                           mime.empty() ? "no type given" : mime, size));
    case ContentKind::kPdf: {
      if (r.truncated)
        return ToolOutput::error(fmt::format("{} is a PDF larger than the download limit of {}; not read.",
                                             fetched->url, format_bytes(options_.max_bytes)));
      auto pdf = pdf_text(r.body, ctx.stop);
      if (!pdf) return ToolOutput::error(fmt::format("{} is a PDF ({}): {}.", fetched->url, size, pdf.error().message));
      text = std::move(*pdf);
      break;
    }
    case ContentKind::kHtml:
    case ContentKind::kText: {
      bool html = kind == ContentKind::kHtml;
      auto decoded = decode_to_utf8(r.body, detect_charset(content_type, r.body, html));
      if (!decoded) decoded = decode_to_utf8(r.body, "");  // an unknown charset: best effort
      if (html) {
        HtmlText page = html_to_text(*decoded, fetched->url);
        title = page.title;
        text = std::move(page.text);
        if (page.cut_for_depth) text += "\n\n[the page's markup nests thousands of levels deep; the rest was not read]";
      } else {
        text = std::move(*decoded);
      }
      break;
    }
  }
  if (!title.empty()) head += "Title: " + title + "\n";
  head += "Type: " + (mime.empty() ? std::string("unknown") : mime) + ", " + size + "\n";

  if (r.status >= 400) {
    size_t total = 0;
    return ToolOutput::error(head + fmt::format("HTTP {} error. The page says:\n\n", r.status) +
                             cut_chars(text, 2000, &total));
  }
  int64_t wanted = int_arg(args, "max_chars").value_or(0);
  size_t max_chars = wanted > 0 ? std::min(static_cast<size_t>(wanted), options_.max_chars) : options_.default_chars;
  size_t total = 0;
  std::string body = cut_chars(text, max_chars, &total);
  std::string out = head + "\n" + body;
  if (body.size() < text.size())
    out += fmt::format(
        "\n\n[cut at {} of {} characters{}]", max_chars, total,
        max_chars < options_.max_chars
            ? fmt::format("; call web_fetch with a larger max_chars (up to {}) to read more", options_.max_chars)
            : "");
  if (r.truncated)
    out += fmt::format("\n\n[the download stopped at the limit of {}; the rest of the document was not read]",
                       format_bytes(options_.max_bytes));
  if (trim(text).empty()) out += "(no text content)";
  return ToolOutput::ok(std::move(out));
}

}  // namespace pair
