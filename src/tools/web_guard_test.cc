#include "tools/web_guard.h"

#include <gtest/gtest.h>

#include <map>

namespace pair {
namespace {

/// A resolver with fixed answers, like a DNS server an attacker controls.
HostResolver fake_dns(std::map<std::string, std::vector<std::string>> table) {
  return [table](const std::string& host) -> Result<std::vector<IpAddress>> {
    auto it = table.find(host);
    if (it == table.end()) return fail(ErrorCode::kConnection, "cannot resolve " + host);
    std::vector<IpAddress> out;
    for (const auto& a : it->second) out.push_back(*IpAddress::parse(a));
    return out;
  };
}

NetworkAllowance allow(std::vector<std::string> entries, bool all = false) {
  NetworkAllowance a;
  a.allow_private = all;
  for (const auto& e : entries) a.entries.push_back(*AllowEntry::parse(e));
  return a;
}

std::string refusal(std::string_view url, const NetworkAllowance& a, const HostResolver& dns) {
  auto r = vet_url(url, a, dns);
  if (r) return "allowed " + r->address.to_string();
  EXPECT_EQ(r.error().code, ErrorCode::kPermission) << r.error().message;
  return r.error().message;
}

TEST(WebGuard, RefusesLoopbackLinkLocalAndPrivateAddresses) {
  auto dns = fake_dns({});
  NetworkAllowance none;
  for (const char* url :
       {"http://127.0.0.1/", "http://127.0.0.1:8080/x", "http://[::1]/", "http://0.0.0.0:22/",
        "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://10.255.1.2:9000/", "http://172.16.5.5/",
        "http://192.168.1.1/", "http://[fd00::1]/", "http://[fe80::1%25eth0]/", "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:a9fe:a9fe]/", "http://100.100.100.200/", "https://[64:ff9b::a00:1]/"}) {
    std::string why = refusal(url, none, dns);
    EXPECT_NE(why.find("refused to fetch"), std::string::npos) << url << ": " << why;
  }
  EXPECT_NE(refusal("http://169.254.169.254/", none, dns).find("169.254.169.254 is a link-local address"),
            std::string::npos);
  EXPECT_NE(refusal("http://[::1]:8080/", none, dns).find("::1 is a loopback address"), std::string::npos);
}

TEST(WebGuard, NamesAreResolvedAndEveryAddressChecked) {
  auto dns = fake_dns({{"evil.test", {"127.0.0.1"}},
                       {"mixed.test", {"93.184.216.34", "10.0.0.7"}},
                       {"public.test", {"93.184.216.34", "2606:2800:220:1::1"}},
                       {"metadata.test", {"::ffff:169.254.169.254"}}});
  NetworkAllowance none;
  EXPECT_NE(refusal("http://evil.test/", none, dns).find("evil.test resolves to 127.0.0.1, a loopback address"),
            std::string::npos);
  EXPECT_NE(refusal("http://mixed.test/", none, dns).find("resolves to 10.0.0.7, a private-network address"),
            std::string::npos);
  EXPECT_NE(refusal("http://metadata.test/", none, dns).find("link-local"), std::string::npos);
  EXPECT_EQ(refusal("https://public.test/a", none, dns), "allowed 93.184.216.34");  // the address to pin
  auto unknown = vet_url("http://nowhere.test/", none, dns);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, ErrorCode::kConnection);
}

TEST(WebGuard, TheRealResolverSendsLocalhostToLoopback) {
  std::string why = refusal("http://localhost:9/", NetworkAllowance{}, system_resolver());
  EXPECT_NE(why.find("localhost resolves to"), std::string::npos) << why;
  EXPECT_NE(why.find("loopback"), std::string::npos) << why;
  // Odd spellings of 127.0.0.1 are not IP literals here; the resolver (as curl would) reads them as loopback.
  for (const char* odd : {"http://127.1/", "http://2130706433/", "http://0x7f000001/"})
    EXPECT_NE(refusal(odd, NetworkAllowance{}, system_resolver()).find("loopback"), std::string::npos) << odd;
}

TEST(WebGuard, SettingsAllowNetworksHostsAndPorts) {
  auto dns = fake_dns({{"wiki.internal", {"10.1.2.3"}}, {"localhost", {"127.0.0.1", "::1"}}});
  EXPECT_EQ(refusal("http://127.0.0.1:8080/", allow({"127.0.0.1:8080"}), dns), "allowed 127.0.0.1");
  EXPECT_NE(refusal("http://127.0.0.1:8081/", allow({"127.0.0.1:8080"}), dns).find("refused"), std::string::npos);
  EXPECT_EQ(refusal("http://10.9.9.9/", allow({"10.0.0.0/8"}), dns), "allowed 10.9.9.9");
  EXPECT_EQ(refusal("http://wiki.internal/", allow({"wiki.internal"}), dns), "allowed 10.1.2.3");
  EXPECT_NE(refusal("http://wiki.internal:8443/", allow({"wiki.internal:80"}), dns).find("refused"), std::string::npos);
  EXPECT_EQ(refusal("http://[::1]:3000/", allow({"[::1]:3000"}), dns), "allowed ::1");
  // localhost resolves to two loopback addresses: both must be allowed.
  EXPECT_NE(refusal("http://localhost/", allow({"127.0.0.1"}), dns).find("::1"), std::string::npos);
  EXPECT_EQ(refusal("http://localhost/", allow({"127.0.0.0/8", "::1"}), dns), "allowed 127.0.0.1");
  EXPECT_EQ(refusal("http://192.168.1.1/", allow({}, /*all=*/true), dns), "allowed 192.168.1.1");
}

TEST(WebGuard, OnlyHttpAndHttps) {
  for (const char* url : {"file:///etc/passwd", "gopher://x/", "ftp://example.com/", "dict://127.0.0.1:11211/"}) {
    auto r = vet_url(url, NetworkAllowance{}, fake_dns({}));
    ASSERT_FALSE(r.has_value()) << url;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << url;
  }
}

TEST(WebGuard, AllowEntries) {
  EXPECT_EQ(AllowEntry::parse("10.0.0.0/8")->network->prefix, 8);
  EXPECT_EQ(AllowEntry::parse("127.0.0.1:8080")->port, 8080);
  EXPECT_EQ(AllowEntry::parse("[::1]:8080")->port, 8080);
  EXPECT_EQ(AllowEntry::parse("fd00::/8")->port, 0);
  EXPECT_EQ(AllowEntry::parse("Wiki.Internal:8443")->host, "wiki.internal");
  for (const char* bad : {"", "10.0.0.0/33", "host:0", "host:x", "[::1", "a b", "[::1]x"})
    EXPECT_FALSE(AllowEntry::parse(bad).has_value()) << bad;
}

}  // namespace
}  // namespace pair
