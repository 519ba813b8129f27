#include "tools/web_search.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <nlohmann/json.hpp>

#include "tools/test_support.h"
#include "tools/web_test_server.h"
#include "tools/web_tools.h"

namespace pair {
namespace {

using nlohmann::json;

/// The request-log entries (tests/support/web_server.py) whose path starts with `prefix`.
std::vector<json> requests(const testing::WebTestServer& server, const std::string& prefix) {
  std::vector<json> out;
  std::string log = server.log();
  size_t at = 0;
  for (size_t nl; (nl = log.find('\n', at)) != std::string::npos; at = nl + 1) {
    json entry = json::parse(log.substr(at, nl - at));
    if (entry["path"].get<std::string>().starts_with(prefix)) out.push_back(entry);
  }
  return out;
}

TEST(WebSearch, TavilyRequestAndResults) {
  testing::WebTestServer server;
  testing::TempWorkspace ws;
  WebSearchOptions o;
  o.backend = SearchBackend::kTavily;
  o.endpoint = server.url("/tavily/search");
  o.api_key = "test-key";
  WebSearchTool tool(o);
  ToolOutput out = testing::call(tool, {{"query", "gumbo parser"}, {"max_results", 2}}, ws.ctx());
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_EQ(out.text,
            "1. Result 1 for gumbo parser\n   https://example.com/1\n   Snippet 1 about gumbo parser. Second line.\n\n"
            "2. Result 2 for gumbo parser\n   https://example.com/2\n   Snippet 2 about gumbo parser. Second line.\n");
  auto sent = requests(server, "/tavily/search");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["method"], "POST");
  EXPECT_EQ(sent[0]["headers"]["Authorization"], "Bearer test-key");
  EXPECT_EQ(sent[0]["headers"]["Content-Type"], "application/json");
  EXPECT_EQ(json::parse(sent[0]["body"].get<std::string>()), (json{{"query", "gumbo parser"}, {"max_results", 2}}));
}

TEST(WebSearch, TavilyRejectsABadKey) {
  testing::WebTestServer server;
  testing::TempWorkspace ws;
  WebSearchOptions o;
  o.endpoint = server.url("/tavily/search");
  o.api_key = "wrong";
  WebSearchTool tool(o);
  ToolOutput out = testing::call(tool, {{"query", "x"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_EQ(out.text,
            "Tavily search failed: HTTP 401: Unauthorized: missing or invalid API key. (check the Tavily API key)");
}

TEST(WebSearch, SearxngRequestResultsAndDuplicates) {
  testing::WebTestServer server;
  testing::TempWorkspace ws;
  WebSearchOptions o;
  o.backend = SearchBackend::kSearxng;
  o.endpoint = server.url("/searxng/");
  WebSearchTool tool(o);
  ToolOutput out = testing::call(tool, {{"query", "c++ & gumbo"}}, ws.ctx());
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_TRUE(
      out.text.starts_with("1. SearX 1: c++ & gumbo\n   https://searx.example/1\n   Content 1 for c++ & gumbo\n"))
      << out.text;
  EXPECT_NE(out.text.find("\n5. SearX 5"), std::string::npos);  // the default: 5
  EXPECT_EQ(out.text.find("\n6. "), std::string::npos);
  auto sent = requests(server, "/searxng/search");
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["method"], "GET");
  EXPECT_EQ(sent[0]["path"], "/searxng/search?q=c%2B%2B%20%26%20gumbo&format=json");

  // 12 distinct results, the first repeated: asking for 20 gives 12.
  ToolOutput all = testing::call(tool, {{"query", "q"}, {"max_results", 20}}, ws.ctx());
  EXPECT_NE(all.text.find("\n12. SearX 12"), std::string::npos);
  EXPECT_EQ(all.text.find("\n13. "), std::string::npos);
}

TEST(WebSearch, SearxngWithoutJsonSaysHowToEnableIt) {
  testing::WebTestServer server;
  testing::TempWorkspace ws;
  WebSearchOptions o;
  o.backend = SearchBackend::kSearxng;
  o.endpoint = server.url("/searxng-html-only/search");
  WebSearchTool tool(o);
  ToolOutput out = testing::call(tool, {{"query", "q"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("HTTP 403: # 403 Forbidden"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("search: formats: [html, json]"), std::string::npos) << out.text;
}

TEST(WebSearch, UnreachableBackend) {
  testing::TempWorkspace ws;
  WebSearchOptions o;
  o.backend = SearchBackend::kSearxng;
  o.endpoint = "http://127.0.0.1:1";
  WebSearchTool tool(o);
  ToolOutput out = testing::call(tool, {{"query", "q"}}, ws.ctx());
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("SearXNG search failed: cannot connect to http://127.0.0.1:1/search?q=q&format=json"),
            std::string::npos)
      << out.text;
}

TEST(WebSearch, ParsesDocumentedShapes) {
  auto tavily = parse_tavily_results(R"({"query":"q","answer":null,"images":[],"response_time":1.2,
    "results":[{"title":"T","url":"https://t","content":"C","score":0.5,"raw_content":null},{"title":"no url"}]})");
  ASSERT_TRUE(tavily.has_value());
  ASSERT_EQ(tavily->size(), 1u);
  EXPECT_EQ((*tavily)[0].snippet, "C");
  auto searx = parse_searxng_results(R"({"query":"q","number_of_results":0,"results":[
    {"url":"https://a","title":"A","content":"x","engine":"brave"},{"url":"https://a","title":"A again"}],
    "answers":[],"infoboxes":[],"suggestions":[],"unresponsive_engines":[["google","timeout"]]})");
  ASSERT_TRUE(searx.has_value());
  EXPECT_EQ(searx->size(), 1u);
  EXPECT_FALSE(parse_tavily_results("<html>Bad gateway</html>").has_value());
  auto no_list = parse_searxng_results(R"({"query":"q"})");
  ASSERT_FALSE(no_list.has_value());
  EXPECT_NE(no_list.error().message.find("no \"results\" list"), std::string::npos);
  EXPECT_EQ(format_search_results("nothing", {}), "No results for \"nothing\".");
}

SettingsView settings(const char* user, const char* project = "") {
  auto s = Settings::from_texts(user, project);
  EXPECT_TRUE(s.has_value());
  return s ? read_settings_view(*s) : SettingsView{};
}

TEST(WebToolsConfig, NoBackendNoSearchTool) {
  WebToolsConfig c = read_web_tools_config(settings(""));
  EXPECT_FALSE(c.search.has_value());
  ASSERT_TRUE(c.fetch.has_value());
  EXPECT_TRUE(c.ask_first);
  EXPECT_TRUE(c.notes.empty());
  ToolRegistry registry;
  add_web_tools(registry, c);
  EXPECT_EQ(registry.names(), "web_fetch");
}

TEST(WebToolsConfig, TavilyNeedsItsKey) {
  ::unsetenv("PAIR_TEST_TAVILY_KEY");
  const char* user = R"({"web": {"search": {"backend": "tavily", "api_key_env": "PAIR_TEST_TAVILY_KEY"}}})";
  WebToolsConfig without = read_web_tools_config(settings(user));
  EXPECT_FALSE(without.search.has_value());
  ASSERT_EQ(without.notes.size(), 1u);
  EXPECT_NE(without.notes[0].find("set the environment variable PAIR_TEST_TAVILY_KEY"), std::string::npos);
  ::setenv("PAIR_TEST_TAVILY_KEY", "k", 1);
  WebToolsConfig with = read_web_tools_config(settings(user));
  ::unsetenv("PAIR_TEST_TAVILY_KEY");
  ASSERT_TRUE(with.search.has_value());
  EXPECT_EQ(with.search->endpoint, "https://api.tavily.com/search");
  EXPECT_EQ(with.search->api_key, "k");
  ToolRegistry registry;
  add_web_tools(registry, with);
  EXPECT_EQ(registry.names(), "web_search, web_fetch");
}

TEST(WebToolsConfig, AProjectCannotConfigureWhereRequestsGo) {
  const char* project = R"({"web": {"search": {"backend": "searxng", "endpoint": "http://evil.example"},
    "fetch": {"allow_private": true, "allow": ["0.0.0.0/0"], "max_chars": 5000}, "ask_first": false}})";
  WebToolsConfig c = read_web_tools_config(settings("", project));
  EXPECT_FALSE(c.search.has_value());
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("only read from your user settings"), std::string::npos);
  EXPECT_TRUE(c.ask_first);
  ASSERT_TRUE(c.fetch.has_value());
  EXPECT_FALSE(c.fetch->allowance.allow_private);
  EXPECT_TRUE(c.fetch->allowance.entries.empty());
  EXPECT_EQ(c.fetch->default_chars, 5000u);  // limits may come from the project
}

TEST(WebToolsConfig, UserSettings) {
  WebToolsConfig c = read_web_tools_config(settings(R"({"web": {"ask_first": false,
    "search": {"backend": "searxng", "endpoint": "http://localhost:8888", "max_results": 8},
    "fetch": {"allow": ["10.0.0.0/8", "127.0.0.1:8080", "not an entry"], "timeout_s": 5, "max_redirects": 2}}})"));
  ASSERT_TRUE(c.search.has_value());
  EXPECT_EQ(c.search->backend, SearchBackend::kSearxng);
  EXPECT_EQ(c.search->default_results, 8);
  EXPECT_FALSE(c.ask_first);
  ASSERT_TRUE(c.fetch.has_value());
  EXPECT_EQ(c.fetch->allowance.entries.size(), 2u);
  EXPECT_EQ(c.fetch->timeout, std::chrono::seconds(5));
  EXPECT_EQ(c.fetch->max_redirects, 2);
  ASSERT_EQ(c.notes.size(), 1u);
  EXPECT_NE(c.notes[0].find("\"not an entry\""), std::string::npos);
  EXPECT_FALSE(read_web_tools_config(settings(R"({"web": {"fetch": {"enabled": false}}})")).fetch.has_value());
  WebToolsConfig bad = read_web_tools_config(settings(R"({"web": {"search": {"backend": "google"}}})"));
  EXPECT_FALSE(bad.search.has_value());
  EXPECT_NE(bad.notes.at(0).find("must be \"tavily\" or \"searxng\""), std::string::npos);
}

}  // namespace
}  // namespace pair
