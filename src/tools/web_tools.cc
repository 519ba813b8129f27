#include "tools/web_tools.h"
#include "util/json_parse.h"

#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>

namespace pair {
namespace {

using nlohmann::json;

class UserSettings {
 public:
  UserSettings(const Settings& s, std::vector<std::string>* notes) : s_(s), notes_(notes) {}

  std::string string(const char* pointer, const std::string& fallback) const {
    const json& v = s_.get_user(pointer);
    if (v.is_string()) return json_as_string(v);
    if (!v.is_null()) notes_->push_back(std::string("settings ") + pointer + ": expected a string, ignored");
    return fallback;
  }
  bool boolean(const char* pointer, bool fallback) const {
    const json& v = s_.get_user(pointer);
    if (v.is_boolean()) return json_as_bool(v, fallback);
    if (!v.is_null()) notes_->push_back(std::string("settings ") + pointer + ": expected true or false, ignored");
    return fallback;
  }
  std::vector<std::string> strings(const char* pointer) const {
    const json& v = s_.get_user(pointer);
    std::vector<std::string> out;
    if (v.is_array()) {
      for (const json& item : v)
        if (item.is_string()) out.push_back(json_as_string(item));
    } else if (!v.is_null()) {
      notes_->push_back(std::string("settings ") + pointer + ": expected a list of strings, ignored");
    }
    return out;
  }

 private:
  const Settings& s_;
  std::vector<std::string>* notes_;
};

template <class T>
T positive(const Settings& s, const char* pointer, T fallback) {
  int64_t v = s.get_int(pointer, static_cast<int64_t>(fallback));
  return v > 0 ? static_cast<T>(v) : fallback;
}

std::optional<WebSearchOptions> search_config(const Settings& s, const UserSettings& user,
                                              std::vector<std::string>* notes) {
  std::string backend = user.string("/web/search/backend", "");
  if (backend.empty()) {
    if (!s.get("/web/search/backend").is_null())
      notes->push_back("web_search is off: web.search.backend is only read from your user settings (" +
                       s.path(SettingsScope::kUser).string() + "), not a project's");
    return std::nullopt;
  }
  WebSearchOptions o;
  o.default_results = positive(s, "/web/search/max_results", 5);
  o.timeout = std::chrono::seconds(positive(s, "/web/search/timeout_s", 30));
  std::string key_env;
  if (backend == "tavily") {
    o.backend = SearchBackend::kTavily;
    o.endpoint = user.string("/web/search/endpoint", "https://api.tavily.com/search");
    key_env = user.string("/web/search/api_key_env", "TAVILY_API_KEY");
  } else if (backend == "searxng") {
    o.backend = SearchBackend::kSearxng;
    o.endpoint = user.string("/web/search/endpoint", "");
    key_env = user.string("/web/search/api_key_env", "");
    if (o.endpoint.empty()) {
      notes->push_back(
          "web_search is off: web.search.backend is \"searxng\" but web.search.endpoint (your "
          "instance's URL, e.g. http://localhost:8888) is not set");
      return std::nullopt;
    }
  } else {
    notes->push_back("web_search is off: web.search.backend must be \"tavily\" or \"searxng\", not \"" + backend +
                     "\"");
    return std::nullopt;
  }
  if (!key_env.empty()) {
    const char* key = std::getenv(key_env.c_str());
    if (!key || !*key) {
      notes->push_back("web_search is off: set the environment variable " + key_env + " to your " + backend +
                       " API key");
      return std::nullopt;
    }
    o.api_key = key;
  }
  return o;
}

}  // namespace

WebToolsConfig read_web_tools_config(const Settings& s) {
  WebToolsConfig c;
  UserSettings user(s, &c.notes);
  c.search = search_config(s, user, &c.notes);
  c.ask_first = user.boolean("/web/ask_first", true);
  if (!s.get_bool("/web/fetch/enabled", true)) return c;
  WebFetchOptions f;
  f.allowance.allow_private = user.boolean("/web/fetch/allow_private", false);
  for (const std::string& entry : user.strings("/web/fetch/allow")) {
    if (auto e = AllowEntry::parse(entry))
      f.allowance.entries.push_back(*e);
    else
      c.notes.push_back("settings /web/fetch/allow: \"" + entry +
                        "\" is not a network (10.0.0.0/8), address, or host, with an optional :port; ignored");
  }
  f.max_redirects = static_cast<int>(s.get_int("/web/fetch/max_redirects", f.max_redirects));
  f.timeout = std::chrono::seconds(positive(s, "/web/fetch/timeout_s", 30));
  f.max_bytes = positive(s, "/web/fetch/max_bytes", f.max_bytes);
  f.default_chars = positive(s, "/web/fetch/max_chars", f.default_chars);
  f.max_chars = std::max(f.max_chars, f.default_chars);
  c.fetch = std::move(f);
  return c;
}

void add_web_tools(ToolRegistry& registry, const WebToolsConfig& config) {
  if (config.search) registry.add(std::make_unique<WebSearchTool>(*config.search));
  if (config.fetch) registry.add(std::make_unique<WebFetchTool>(*config.fetch));
}

}  // namespace pair
