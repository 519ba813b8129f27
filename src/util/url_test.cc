#include "util/url.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

TEST(Url, Parses) {
  auto u = parse_url("http://localhost:8004/v1");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->scheme, "http");
  EXPECT_EQ(u->host, "localhost");
  EXPECT_EQ(u->port, 8004);
  EXPECT_EQ(u->path, "/v1");
  auto v6 = parse_url("HTTPS://user@[::1]/x?y");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->scheme, "https");
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 443);
  EXPECT_FALSE(parse_url("localhost:8004").has_value());
  EXPECT_FALSE(parse_url("http://h:99999").has_value());
  EXPECT_FALSE(parse_url("http://").has_value());
}

TEST(Url, LocalHosts) {
  for (const char* h : {"localhost", "127.0.0.1", "::1", "10.1.2.3", "192.168.0.5", "172.16.0.1", "172.31.9.9",
                        "169.254.169.254", "box.local", "[::1]", "fd00::1", "fe80::1", "0.0.0.0"})
    EXPECT_TRUE(is_local_host(h)) << h;
  for (const char* h : {"api.openai.com", "172.32.0.1", "8.8.8.8", "bedrock-runtime.us-east-1.amazonaws.com",
                        "fdic.gov", "fcbarcelona.com", "10.example.com", "127.evil.com", "2001:db8::1"})
    EXPECT_FALSE(is_local_host(h)) << h;
}

TEST(Url, LoopbackHosts) {
  for (const char* h : {"localhost", "box.localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"})
    EXPECT_TRUE(is_loopback_host(h)) << h;
  for (const char* h : {"127.evil.com", "10.0.0.1", "192.168.1.1", "box.local", "api.openai.com"})
    EXPECT_FALSE(is_loopback_host(h)) << h;
}

TEST(Url, EncodesComponents) {
  EXPECT_EQ(url_encode_component("a b&c=d/é~"), "a%20b%26c%3Dd%2F%C3%A9~");
}

TEST(Url, ResolvesReferences) {
  const char* base = "http://a.example/b/c/d;p?q#frag";
  EXPECT_EQ(resolve_url_reference(base, "g"), "http://a.example/b/c/g");
  EXPECT_EQ(resolve_url_reference(base, "./g"), "http://a.example/b/c/g");
  EXPECT_EQ(resolve_url_reference(base, "g/"), "http://a.example/b/c/g/");
  EXPECT_EQ(resolve_url_reference(base, "/g"), "http://a.example/g");
  EXPECT_EQ(resolve_url_reference(base, "//other.example/x"), "http://other.example/x");
  EXPECT_EQ(resolve_url_reference(base, "?y"), "http://a.example/b/c/d;p?y");
  EXPECT_EQ(resolve_url_reference(base, "g?y#s"), "http://a.example/b/c/g?y");
  EXPECT_EQ(resolve_url_reference(base, "#s"), "http://a.example/b/c/d;p?q");
  EXPECT_EQ(resolve_url_reference(base, ".."), "http://a.example/b/");
  EXPECT_EQ(resolve_url_reference(base, "../../../g"), "http://a.example/g");
  EXPECT_EQ(resolve_url_reference(base, "https://x.example/"), "https://x.example/");
  EXPECT_EQ(resolve_url_reference("http://h:8080", "p"), "http://h:8080/p");
  EXPECT_EQ(resolve_url_reference("http://h/dir/", "  /abs?x=1 "), "http://h/abs?x=1");
}

}  // namespace
}  // namespace pair
