#pragma once
/// IP addresses and networks, and what kind of network an address belongs to:
/// what the web tools need to refuse requests to loopback, link-local and
/// private networks (SSRF).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pair {

struct IpAddress {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  ///< IPv4 uses the first 4

  /// A literal: "10.0.0.1", "::1", "fe80::1%eth0" (the zone is dropped),
  /// "[::1]". Only the four-part dotted IPv4 form; nullopt otherwise.
  static std::optional<IpAddress> parse(std::string_view text);
  /// "10.0.0.1", "::1" (RFC 5952 form, as inet_ntop writes it).
  std::string to_string() const;
  /// The IPv4 address an IPv6 address carries: IPv4-mapped (::ffff:a.b.c.d),
  /// IPv4-compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) or 6to4
  /// (2002:aabb:ccdd::). nullopt for IPv4 and for other IPv6 addresses.
  std::optional<IpAddress> embedded_v4() const;

  bool operator==(const IpAddress&) const = default;
};

/// Where an address leads. Everything but kPublic is refused by default.
enum class AddressScope {
  kPublic,
  kLoopback,     ///< 127.0.0.0/8, ::1
  kUnspecified,  ///< 0.0.0.0/8, :: (Linux connects these to the local host)
  kPrivate,      ///< 10/8, 172.16/12, 192.168/16, 100.64/10 (carrier-grade NAT), fc00::/7, fec0::/10
  kLinkLocal,    ///< 169.254/16 (cloud metadata services), fe80::/10
  kMulticast,    ///< 224/4, ff00::/8
  kReserved,     ///< 240/4 and broadcast, documentation, benchmarking and protocol ranges
};

/// The scope of `address`; an IPv6 address carrying an IPv4 address (see
/// embedded_v4) has the scope of that IPv4 address when it is not public.
AddressScope address_scope(const IpAddress& address);
/// "loopback", "link-local", "a private network", ... for messages.
std::string_view describe_scope(AddressScope scope);

struct IpNetwork {
  IpAddress base;
  int prefix = 0;  ///< bits

  /// "10.0.0.0/8", "fd00::/8", or a single address ("127.0.0.1": /32, "::1": /128).
  static std::optional<IpNetwork> parse(std::string_view text);
  /// Whether `a` lies in this network. An IPv4-mapped IPv6 address matches
  /// an IPv4 network.
  bool contains(const IpAddress& a) const;
};

}  // namespace pair
