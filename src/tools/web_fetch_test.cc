#include "tools/web_fetch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "tools/test_support.h"
#include "tools/web_test_server.h"
#include "util/subprocess.h"

namespace pair {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

class WebFetchTest : public ::testing::Test {
 protected:
  WebFetchTest() {
    // The test server listens on 127.0.0.1: allow exactly its port, nothing else.
    options_.allowance.entries.push_back(*AllowEntry::parse("127.0.0.1:" + std::to_string(server_.port())));
  }
  ToolOutput fetch(const std::string& url, json extra = json::object()) {
    WebFetchTool tool(options_);
    extra["url"] = url;
    return testing::call(tool, extra, ws_.ctx());
  }
  std::string local(const std::string& path) const { return server_.url(path); }

  testing::WebTestServer server_;
  testing::TempWorkspace ws_;
  WebFetchOptions options_;
};

TEST_F(WebFetchTest, TrickyHtmlBecomesReadableText) {
  ToolOutput out = fetch(local("/html/tricky"));
  ASSERT_FALSE(out.is_error) << out.text;
  const std::string& t = out.text;
  EXPECT_TRUE(t.starts_with("URL: " + local("/html/tricky") + "\nTitle: Tricky & broken\nType: text/html, ")) << t;
  EXPECT_NE(t.find("# Release notes"), std::string::npos) << t;
  EXPECT_NE(t.find("Entities: <tag> & \"quotes\" \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80 \xE2\x80\x94 done here."),
            std::string::npos)
      << t;
  EXPECT_NE(t.find("[the install guide](" + local("/guide/install.html") + ")"), std::string::npos) << t;
  EXPECT_NE(t.find("```python\ndef f(x):\n    return x < 2\n```"), std::string::npos) << t;
  EXPECT_NE(t.find("| 1.1 | inner a, inner b; inner c |"), std::string::npos) << t;
  EXPECT_NE(t.find("- beta\n  - beta one\n- gamma"), std::string::npos) << t;
  EXPECT_NE(t.find("Stray close and custom element text"), std::string::npos) << t;
  for (const char* gone : {"Site banner", "from script", "color: red", "sidebar", "Footer text", "Docs"})
    EXPECT_EQ(t.find(gone), std::string::npos) << gone << " in:\n" << t;
}

TEST_F(WebFetchTest, CharsetsFromHeaderAndMeta) {
  EXPECT_NE(fetch(local("/html/latin1"))
                .text.find("Cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                           "e \xC3\xA0 la carte \xC2\xA3 5"),
            std::string::npos);
  ToolOutput sjis = fetch(local("/html/sjis"));
  EXPECT_NE(sjis.text.find("Title: \xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"), std::string::npos) << sjis.text;
  EXPECT_NE(sjis.text.find("\xE3\x81\x93\xE3\x82\x93\xE3\x81\xAB\xE3\x81\xA1\xE3\x81\xAF"), std::string::npos);
  EXPECT_NE(fetch(local("/html/koi8")).text.find("\xD0\x9F\xD1\x80\xD0\xB8\xD0\xB2\xD0\xB5\xD1\x82"),
            std::string::npos);
  // No charset named and not UTF-8: windows-1252, as browsers read it.
  EXPECT_NE(fetch(local("/html/cp1252"))
                .text.find("\xE2\x80\x9CSmart quotes\xE2\x80\x9D \xE2\x80\x94 and \xE2\x82\xAC"
                           "5"),
            std::string::npos);
}

TEST_F(WebFetchTest, TextJsonGzipPassThrough) {
  EXPECT_TRUE(fetch(local("/text")).text.ends_with("\n\nplain text\n  keeps   spacing\n"));
  EXPECT_TRUE(fetch(local("/json")).text.ends_with("\n\n{\"name\": \"pair\", \"tags\": [\"a\", \"b\"]}"));
  EXPECT_TRUE(fetch(local("/gzip")).text.ends_with("\n\ncompressed page"));
}

TEST_F(WebFetchTest, PdfTextOrAClearMessage) {
  ToolOutput out = fetch(local("/pdf"));
  if (find_executable("pdftotext").empty()) {
    EXPECT_TRUE(out.is_error);
    EXPECT_NE(out.text.find("apt-get install poppler-utils"), std::string::npos) << out.text;
  } else {
    ASSERT_FALSE(out.is_error) << out.text;
    EXPECT_NE(out.text.find("Hello from a PDF"), std::string::npos) << out.text;
  }
}

TEST_F(WebFetchTest, ImagesAndBinaryAreNotText) {
  ToolOutput image = fetch(local("/image.png"));
  EXPECT_TRUE(image.is_error);
  EXPECT_NE(image.text.find("is an image (PNG, 3x2, "), std::string::npos) << image.text;
  ToolOutput binary = fetch(local("/binary"));
  EXPECT_TRUE(binary.is_error);
  EXPECT_NE(binary.text.find("binary content (application/zip"), std::string::npos) << binary.text;
}

TEST_F(WebFetchTest, HugePagesStopAtTheByteLimitAndTextIsCut) {
  options_.max_bytes = 1024 * 1024;
  auto start = Clock::now();
  ToolOutput out = fetch(local("/huge?mb=64"));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(10));
  ASSERT_FALSE(out.is_error) << out.text.substr(0, 300);
  EXPECT_NE(out.text.find("Type: text/html, 1.00 MiB+"), std::string::npos) << out.text.substr(0, 300);
  EXPECT_NE(out.text.find("[cut at 20000 of "), std::string::npos);
  EXPECT_NE(out.text.find("call web_fetch with a larger max_chars (up to 100000)"), std::string::npos);
  EXPECT_TRUE(
      out.text.ends_with("[the download stopped at the limit of 1.00 MiB; the rest of the document was not "
                         "read]"));
  ToolOutput small = fetch(local("/huge?mb=1"), {{"max_chars", 500}});
  EXPECT_NE(small.text.find("[cut at 500 of "), std::string::npos);
  EXPECT_LT(small.text.size(), 1000u);
}

TEST_F(WebFetchTest, AbsurdNestingIsReportedNotSlow) {
  auto start = Clock::now();
  ToolOutput out = fetch(local("/html/deep"));
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(out.text.find("nests thousands of levels deep"), std::string::npos) << out.text;
}

TEST_F(WebFetchTest, RedirectsAreFollowedLoopsAndLongChainsReported) {
  ToolOutput chain = fetch(local("/chain/3"));
  ASSERT_FALSE(chain.is_error) << chain.text;
  EXPECT_NE(chain.text.find("URL: " + local("/chain/0") + "\nRedirected from: " + local("/chain/3") + " -> " +
                            local("/chain/2") + " -> " + local("/chain/1")),
            std::string::npos)
      << chain.text;
  EXPECT_NE(chain.text.find("end of the chain"), std::string::npos);

  ToolOutput loop = fetch(local("/loop/a"));
  EXPECT_TRUE(loop.is_error);
  EXPECT_NE(
      loop.text.find("redirect loop: " + local("/loop/a") + " -> " + local("/loop/b") + " -> " + local("/loop/a")),
      std::string::npos)
      << loop.text;

  options_.max_redirects = 2;
  ToolOutput long_chain = fetch(local("/chain/5"));
  EXPECT_TRUE(long_chain.is_error);
  EXPECT_NE(long_chain.text.find("more than 2 redirects"), std::string::npos) << long_chain.text;
}

TEST_F(WebFetchTest, WithoutTheAllowanceLoopbackIsRefusedBeforeConnecting) {
  options_.allowance = {};
  ToolOutput out = fetch(local("/html/tricky"));
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("127.0.0.1 is a loopback address"), std::string::npos) << out.text;
  EXPECT_EQ(server_.log().find("/html/tricky"), std::string::npos) << "no request may reach the server";
  // A name that resolves to loopback: localhost (the system resolver).
  ToolOutput named = fetch("http://localhost:" + std::to_string(server_.port()) + "/text");
  EXPECT_TRUE(named.is_error);
  EXPECT_NE(named.text.find("localhost resolves to"), std::string::npos) << named.text;
}

TEST_F(WebFetchTest, RedirectsToPrivateAddressesAreRefused) {
  int other_port = server_.port() == 65535 ? 65534 : server_.port() + 1;
  for (const std::string& target :
       {std::string("http://10.0.0.1/admin"), std::string("http://169.254.169.254/latest/"),
        "http://127.0.0.1:" + std::to_string(other_port) + "/",
        "http://localhost:" + std::to_string(other_port) + "/text", std::string("http://[::1]/")}) {
    ToolOutput out = fetch(local("/redirect?to=" + target));
    EXPECT_TRUE(out.is_error) << target;
    EXPECT_NE(out.text.find("refused to fetch " + target), std::string::npos) << out.text;
  }
  EXPECT_EQ(server_.log().find("\"path\": \"/text\""), std::string::npos) << "the refused hop was never requested";
}

TEST_F(WebFetchTest, TheConnectionGoesToTheVettedAddress) {
  // "pinned.test" exists only in this resolver: the fetch can only succeed if
  // curl connects to the address the guard vetted instead of asking DNS again.
  options_.resolver = [](const std::string& host) -> Result<std::vector<IpAddress>> {
    if (host == "pinned.test") return std::vector<IpAddress>{*IpAddress::parse("127.0.0.1")};
    return fail(ErrorCode::kConnection, "no such host " + host);
  };
  std::string url = "http://pinned.test:" + std::to_string(server_.port()) + "/text";
  // A proxy would resolve the name itself: none is used, whatever the environment says.
  ::setenv("http_proxy", "http://127.0.0.1:1", 1);
  ::setenv("ALL_PROXY", "http://127.0.0.1:1", 1);
  ToolOutput out = fetch(url);
  ::unsetenv("http_proxy");
  ::unsetenv("ALL_PROXY");
  ASSERT_FALSE(out.is_error) << out.text;
  EXPECT_NE(out.text.find("plain text"), std::string::npos);
  EXPECT_NE(server_.log().find("\"Host\": \"pinned.test:" + std::to_string(server_.port()) + "\""), std::string::npos)
      << server_.log();
}

TEST_F(WebFetchTest, HttpErrorsShowTheStatusAndThePage) {
  ToolOutput out = fetch(local("/status/404"));
  EXPECT_TRUE(out.is_error);
  EXPECT_NE(out.text.find("HTTP 404 error. The page says:\n\n# Not here\n\nThe page /status/404 is gone."),
            std::string::npos)
      << out.text;
}

TEST_F(WebFetchTest, SlowServersTimeOut) {
  options_.timeout = std::chrono::seconds(1);
  auto start = Clock::now();
  ToolOutput silent = fetch(local("/slow?delay=10"));
  ToolOutput drip = fetch(local("/drip?delay=0.2"));  // never silent, never done
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(6));
  EXPECT_TRUE(silent.is_error);
  EXPECT_NE(silent.text.find("timed out"), std::string::npos) << silent.text;
  EXPECT_TRUE(drip.is_error);
  EXPECT_NE(drip.text.find("timed out"), std::string::npos) << drip.text;
}

TEST_F(WebFetchTest, CancellationStopsAFetchAtOnce) {
  std::stop_source stop;
  ws_.ctx().stop = stop.get_token();
  std::thread canceller([&stop] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    stop.request_stop();
  });
  auto start = Clock::now();
  ToolOutput out = fetch(local("/slow?delay=10"));
  canceller.join();
  EXPECT_LT(Clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(out.is_error);
  EXPECT_TRUE(out.text.starts_with("Cancelled while fetching")) << out.text;
}

TEST(WebFetch, AskBeforeUse) {
  WebFetchTool tool(WebFetchOptions{});
  testing::TempWorkspace ws;
  auto effect = tool.inspect(json{{"url", "https://example.com/"}}, ws.ctx());
  ASSERT_TRUE(effect.has_value());
  EXPECT_EQ(effect->access, ToolAccess::kNetwork);
  EXPECT_EQ(effect->summary, "fetch https://example.com/");
  EXPECT_FALSE(tool.inspect(json{{"url", " "}}, ws.ctx()).has_value());
  ToolOutput ftp = tool.run(json{{"url", "ftp://example.com/x"}}, ws.ctx());
  EXPECT_TRUE(ftp.is_error);
  EXPECT_NE(ftp.text.find("only http:// and https://"), std::string::npos) << ftp.text;
}

}  // namespace
}  // namespace pair
