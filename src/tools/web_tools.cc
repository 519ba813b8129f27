#include "tools/web_tools.h"

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace pair {
namespace {

std::optional<WebSearchOptions> search_config(const SettingsView::Web::Search& s,
                                              const std::filesystem::path& user_file, std::vector<std::string>* notes) {
  if (s.backend.empty()) {
    if (s.backend_outside_user)
      notes->push_back("web_search is off: web.search.backend is only read from your user settings (" +
                       user_file.string() + "), not a project's");
    return std::nullopt;
  }
  WebSearchOptions o;
  o.default_results = static_cast<int>(s.max_results);
  o.timeout = std::chrono::seconds(s.timeout_s);
  std::string key_env;
  if (s.backend == "tavily") {
    o.backend = SearchBackend::kTavily;
    o.endpoint = s.endpoint.value_or("https://api.tavily.com/search");
    key_env = s.api_key_env.value_or("TAVILY_API_KEY");
  } else if (s.backend == "searxng") {
    o.backend = SearchBackend::kSearxng;
    o.endpoint = s.endpoint.value_or("");
    key_env = s.api_key_env.value_or("");
    if (o.endpoint.empty()) {
      notes->push_back(
          "web_search is off: web.search.backend is \"searxng\" but web.search.endpoint (your "
          "instance's URL, e.g. http://localhost:8888) is not set");
      return std::nullopt;
    }
  } else {
    notes->push_back("web_search is off: web.search.backend must be \"tavily\" or \"searxng\", not \"" + s.backend +
                     "\"");
    return std::nullopt;
  }
  if (!key_env.empty()) {
    const char* key = std::getenv(key_env.c_str());
    if (!key || !*key) {
      notes->push_back("web_search is off: set the environment variable " + key_env + " to your " + s.backend +
                       " API key");
      return std::nullopt;
    }
    o.api_key = key;
  }
  return o;
}

}  // namespace

WebToolsConfig read_web_tools_config(const SettingsView& settings) {
  const SettingsView::Web& web = settings.web;
  WebToolsConfig c;
  c.search = search_config(web.search, settings.user_file, &c.notes);
  c.ask_first = web.ask_first;
  if (!web.fetch.enabled) return c;
  WebFetchOptions f;
  f.allowance.allow_private = web.fetch.allow_private;
  for (const std::string& entry : web.fetch.allow) {
    if (auto e = AllowEntry::parse(entry))
      f.allowance.entries.push_back(*e);
    else
      c.notes.push_back("settings /web/fetch/allow: \"" + entry +
                        "\" is not a network (10.0.0.0/8), address, or host, with an optional :port; ignored");
  }
  if (web.fetch.max_redirects) f.max_redirects = static_cast<int>(*web.fetch.max_redirects);
  f.timeout = std::chrono::seconds(web.fetch.timeout_s);
  if (web.fetch.max_bytes) f.max_bytes = static_cast<size_t>(*web.fetch.max_bytes);
  if (web.fetch.max_chars) f.default_chars = static_cast<size_t>(*web.fetch.max_chars);
  f.max_chars = std::max(f.max_chars, f.default_chars);
  c.fetch = std::move(f);
  return c;
}

void add_web_tools(ToolRegistry& registry, const WebToolsConfig& config) {
  if (config.search) registry.add(std::make_unique<WebSearchTool>(*config.search));
  if (config.fetch) registry.add(std::make_unique<WebFetchTool>(*config.fetch));
}

}  // namespace pair
