#include "tools/web_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "tools/html_to_text.h"
#include "tools/tool_helpers.h"
#include "util/json_parse.h"
#include "util/strings.h"
#include "util/url.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

constexpr int kMaxResults = 20;
constexpr size_t kSnippetChars = 400;

Result<std::vector<SearchResult>> parse_results(std::string_view body, const char* backend, const char* snippet_key) {
  auto parsed = parse_json(body, "the answer");
  if (!parsed || !parsed->is_object())
    return fail(ErrorCode::kProtocol, std::string(backend) + " did not answer with a JSON object" +
                                          (parsed ? "" : " (" + parsed.error().message + ")") + ": " +
                                          shorten(utf8_sanitize(trim(body)), 200));
  const json& doc = *parsed;
  auto results = doc.find("results");
  if (results == doc.end() || !results->is_array())
    return fail(ErrorCode::kProtocol, std::string(backend) + "'s answer has no \"results\" list");
  std::vector<SearchResult> out;
  for (const json& r : *results) {
    if (!r.is_object()) continue;
    SearchResult s{json_string_or(r, "title"), json_string_or(r, "url"), json_string_or(r, snippet_key)};
    if (s.url.empty()) continue;
    bool seen = std::any_of(out.begin(), out.end(), [&](const SearchResult& o) { return o.url == s.url; });
    if (!seen) out.push_back(std::move(s));
  }
  return out;
}

/// The message in an error answer: Tavily's {"detail": {"error": ...}}, the
/// common {"error": ...} shapes, or the start of the text.
std::string error_detail(std::string_view body) {
  json doc = parse_json(body, "the answer").value_or(json());
  if (doc.is_object()) {
    for (const char* key : {"detail", "error", "message"}) {
      auto it = doc.find(key);
      if (it == doc.end()) continue;
      if (it->is_string()) return json_as_string(*it);
      if (it->is_object()) {
        for (const char* inner : {"error", "message", "detail"})
          if (std::string s = json_string_or(*it, inner); !s.empty()) return s;
      }
    }
  }
  std::string text = trim(body).starts_with("<") ? html_to_text(body, "").text : std::string(trim(body));
  return shorten(utf8_sanitize(replace_all(text, "\n", " ")), 300);
}

std::string backend_name(SearchBackend b) {
  return b == SearchBackend::kTavily ? "Tavily" : "SearXNG";
}

}  // namespace

Result<std::vector<SearchResult>> parse_tavily_results(std::string_view body) {
  return parse_results(body, "Tavily", "content");
}

Result<std::vector<SearchResult>> parse_searxng_results(std::string_view body) {
  return parse_results(body, "SearXNG", "content");
}

std::string format_search_results(std::string_view query, const std::vector<SearchResult>& results) {
  if (results.empty()) return fmt::format("No results for \"{}\".", query);
  std::string out;
  for (size_t i = 0; i < results.size(); ++i) {
    const SearchResult& r = results[i];
    std::string title = std::string(trim(replace_all(r.title, "\n", " ")));
    out += fmt::format("{}. {}\n   {}\n", i + 1, title.empty() ? r.url : title, r.url);
    std::string snippet = std::string(trim(replace_all(replace_all(r.snippet, "\r", ""), "\n", " ")));
    if (!snippet.empty()) out += "   " + shorten(snippet, kSnippetChars) + "\n";
    out += "\n";
  }
  out.pop_back();
  return out;
}

WebSearchTool::WebSearchTool(WebSearchOptions options)
    : options_(std::move(options)), http_(std::make_unique<HttpClient>()) {}

WebSearchTool::~WebSearchTool() = default;

const ToolSpec& WebSearchTool::spec() const {
  static const ToolSpec kSpec{"web_search", "Search the web: titles, URLs and snippets.",
                              R"({"type":"object","properties":{"query":{"type":"string"},)"
                              R"("max_results":{"type":"integer","description":"default 5"}},)"
                              R"("required":["query"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> WebSearchTool::inspect(const nlohmann::json& args, const ToolContext&) const {
  std::string query(trim(string_arg(args, "query")));
  if (query.empty()) return fail(ErrorCode::kInvalidArgument, "query is empty; say what to search for");
  ToolEffect effect;
  effect.access = ToolAccess::kNetwork;
  effect.detail = query;
  effect.summary = "search the web (" + backend_name(options_.backend) + ") for \"" + shorten(query, 80) + "\"";
  return effect;
}

ToolOutput WebSearchTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  std::string query(trim(string_arg(args, "query")));
  int64_t wanted = int_arg(args, "max_results").value_or(options_.default_results);
  int count = static_cast<int>(std::clamp<int64_t>(wanted, 1, kMaxResults));
  std::string name = backend_name(options_.backend);

  HttpRequest req;
  req.connect_timeout = std::chrono::milliseconds(10'000);
  req.idle_timeout = options_.timeout;
  req.total_timeout = options_.timeout;
  req.accept_compressed = true;
  req.max_body_bytes = 4 * 1024 * 1024;
  if (options_.backend == SearchBackend::kTavily) {
    req.method = "POST";
    req.url = options_.endpoint;
    req.headers = {"Content-Type: application/json", "Authorization: Bearer " + options_.api_key};
    req.body = dump_json(json{{"query", query}, {"max_results", count}});
  } else {
    std::string base = options_.endpoint;
    while (base.ends_with("/")) base.pop_back();
    if (!base.ends_with("/search")) base += "/search";
    req.method = "GET";
    req.url = base + "?q=" + url_encode_component(query) + "&format=json";
    req.headers = {"Accept: application/json"};
  }
  auto response = http_->send(req, nullptr, ctx.stop);
  if (!response) {
    if (response.error().code == ErrorCode::kCancelled) return ToolOutput::error("Cancelled while searching.");
    return ToolOutput::error(name + " search failed: " + response.error().message);
  }
  if (response->status != 200) {
    std::string why = error_detail(response->body);
    std::string hint;
    if (options_.backend == SearchBackend::kSearxng && response->status == 403)
      hint = " (the instance must allow the JSON format: `search: formats: [html, json]` in its settings.yml)";
    if (options_.backend == SearchBackend::kTavily && response->status == 401) hint = " (check the Tavily API key)";
    return ToolOutput::error(
        fmt::format("{} search failed: HTTP {}{}{}", name, response->status, why.empty() ? "" : ": " + why, hint));
  }
  auto results = options_.backend == SearchBackend::kTavily ? parse_tavily_results(response->body)
                                                            : parse_searxng_results(response->body);
  if (!results) return ToolOutput::error(name + " search failed: " + results.error().message);
  if (results->size() > static_cast<size_t>(count)) results->resize(static_cast<size_t>(count));
  return ToolOutput::ok(format_search_results(query, *results));
}

}  // namespace pair
