#pragma once
/// web_search {query, max_results?}: titles, URLs and snippets from a search
/// backend the user configured (settings `web.search`): Tavily (API key) or
/// a SearXNG instance (self-hosted, JSON format enabled). Registered only
/// when a backend is configured, so an unusable tool costs no prompt tokens.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/tool.h"

namespace pair {

class HttpClient;

enum class SearchBackend { kTavily, kSearxng };

struct WebSearchOptions {
  SearchBackend backend = SearchBackend::kTavily;
  /// Tavily: the search URL (https://api.tavily.com/search). SearXNG: the
  /// instance's base URL or its /search URL.
  std::string endpoint;
  std::string api_key;  ///< Tavily: sent as a Bearer token
  int default_results = 5;
  std::chrono::milliseconds timeout{30'000};
};

struct SearchResult {
  std::string title;
  std::string url;
  std::string snippet;
};

/// Tavily's answer: {"query", "results": [{"title", "url", "content", "score"}], ...}.
Result<std::vector<SearchResult>> parse_tavily_results(std::string_view body);
/// SearXNG's JSON format: {"query", "results": [{"title", "url", "content", "engine", ...}], ...}.
Result<std::vector<SearchResult>> parse_searxng_results(std::string_view body);
/// The numbered list the model sees.
std::string format_search_results(std::string_view query, const std::vector<SearchResult>& results);

class WebSearchTool final : public Tool {
 public:
  explicit WebSearchTool(WebSearchOptions options);
  ~WebSearchTool() override;
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;

 private:
  WebSearchOptions options_;
  std::unique_ptr<HttpClient> http_;
};

}  // namespace pair
