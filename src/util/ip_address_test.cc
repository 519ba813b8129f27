#include "util/ip_address.h"

#include <gtest/gtest.h>

namespace pair {
namespace {

AddressScope scope_of(const char* text) {
  auto a = IpAddress::parse(text);
  EXPECT_TRUE(a.has_value()) << text;
  return a ? address_scope(*a) : AddressScope::kPublic;
}

TEST(IpAddress, ParsesLiterals) {
  EXPECT_EQ(IpAddress::parse("10.1.2.3")->to_string(), "10.1.2.3");
  EXPECT_EQ(IpAddress::parse("[::1]")->to_string(), "::1");
  EXPECT_EQ(IpAddress::parse("fe80::1%eth0")->to_string(), "fe80::1");
  EXPECT_EQ(IpAddress::parse("::FFFF:127.0.0.1")->to_string(), "::ffff:127.0.0.1");
  for (const char* bad : {"", "localhost", "127.1", "2130706433", "0x7f000001", "1.2.3.4.5", "::g", "1.2.3.256"})
    EXPECT_FALSE(IpAddress::parse(bad).has_value()) << bad;
}

TEST(IpAddress, Scopes) {
  for (const char* a : {"127.0.0.1", "127.255.0.9", "::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::7f00:1"})
    EXPECT_EQ(scope_of(a), AddressScope::kLoopback) << a;
  for (const char* a : {"0.0.0.0", "0.1.2.3", "::"}) EXPECT_EQ(scope_of(a), AddressScope::kUnspecified) << a;
  for (const char* a : {"10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254", "192.168.1.1", "100.64.0.1",
                        "100.100.100.200", "fc00::1", "fd12:3456::1", "fec0::1", "::ffff:10.0.0.1", "2002:0a00:0001::"})
    EXPECT_EQ(scope_of(a), AddressScope::kPrivate) << a;
  for (const char* a : {"169.254.169.254", "169.254.0.1", "fe80::1", "febf::1", "::ffff:169.254.169.254"})
    EXPECT_EQ(scope_of(a), AddressScope::kLinkLocal) << a;
  for (const char* a : {"224.0.0.1", "239.1.1.1", "ff02::1"}) EXPECT_EQ(scope_of(a), AddressScope::kMulticast) << a;
  for (const char* a : {"255.255.255.255", "240.0.0.1", "192.0.2.1", "198.18.0.1", "2001:db8::1"})
    EXPECT_EQ(scope_of(a), AddressScope::kReserved) << a;
  for (const char* a : {"8.8.8.8", "1.1.1.1", "172.32.0.1", "172.15.255.255", "100.128.0.1", "169.253.1.1",
                        "2606:4700::1111", "::ffff:8.8.8.8", "fe00::1"})
    EXPECT_EQ(scope_of(a), AddressScope::kPublic) << a;
}

TEST(IpNetwork, Contains) {
  auto net = IpNetwork::parse("10.0.0.0/8");
  ASSERT_TRUE(net.has_value());
  EXPECT_TRUE(net->contains(*IpAddress::parse("10.9.9.9")));
  EXPECT_TRUE(net->contains(*IpAddress::parse("::ffff:10.9.9.9")));
  EXPECT_FALSE(net->contains(*IpAddress::parse("11.0.0.1")));
  EXPECT_FALSE(net->contains(*IpAddress::parse("::10.9.9.9")));
  auto one = IpNetwork::parse("127.0.0.1");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->prefix, 32);
  EXPECT_FALSE(one->contains(*IpAddress::parse("127.0.0.2")));
  auto v6 = IpNetwork::parse("fd00::/8");
  ASSERT_TRUE(v6.has_value());
  EXPECT_TRUE(v6->contains(*IpAddress::parse("fd12::1")));
  EXPECT_FALSE(v6->contains(*IpAddress::parse("fc12::1")));
  EXPECT_TRUE(IpNetwork::parse("0.0.0.0/0")->contains(*IpAddress::parse("1.2.3.4")));
  for (const char* bad : {"10.0.0.0/33", "10.0.0.0/", "::/129", "x/8", "10.0.0.0/8x"})
    EXPECT_FALSE(IpNetwork::parse(bad).has_value()) << bad;
}

}  // namespace
}  // namespace pair
