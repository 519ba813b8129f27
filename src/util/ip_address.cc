#include "util/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace pair {
namespace {

bool in_v4(const IpAddress& a, uint8_t b0, uint8_t b1, int prefix) {
  IpNetwork n;
  n.base.bytes[0] = b0;
  n.base.bytes[1] = b1;
  n.prefix = prefix;
  return n.contains(a);
}

bool in_v4(const IpAddress& a, uint8_t b0, uint8_t b1, uint8_t b2, int prefix) {
  IpNetwork n;
  n.base.bytes = {b0, b1, b2};
  n.prefix = prefix;
  return n.contains(a);
}

AddressScope v4_scope(const IpAddress& a) {
  if (in_v4(a, 127, 0, 8)) return AddressScope::kLoopback;
  if (in_v4(a, 0, 0, 8)) return AddressScope::kUnspecified;
  if (in_v4(a, 10, 0, 8) || in_v4(a, 172, 16, 12) || in_v4(a, 192, 168, 16) || in_v4(a, 100, 64, 10))
    return AddressScope::kPrivate;
  if (in_v4(a, 169, 254, 16)) return AddressScope::kLinkLocal;
  if (in_v4(a, 224, 0, 4)) return AddressScope::kMulticast;
  if (in_v4(a, 240, 0, 4) || in_v4(a, 192, 0, 0, 24) || in_v4(a, 192, 0, 2, 24) || in_v4(a, 198, 18, 15) ||
      in_v4(a, 198, 51, 100, 24) || in_v4(a, 203, 0, 113, 24))
    return AddressScope::kReserved;
  return AddressScope::kPublic;
}

bool starts_with_bits(const IpAddress& a, std::initializer_list<uint8_t> prefix_bytes, int prefix) {
  IpNetwork n;
  n.base.v6 = true;
  size_t i = 0;
  for (uint8_t b : prefix_bytes) n.base.bytes[i++] = b;
  n.prefix = prefix;
  return n.contains(a);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
  if (size_t zone = text.find('%'); zone != std::string_view::npos) text = text.substr(0, zone);
  if (text.empty() || text.size() > 45) return std::nullopt;
  std::string s(text);
  IpAddress a;
  if (s.find(':') != std::string::npos) {
    if (inet_pton(AF_INET6, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
    a.v6 = true;
    return a;
  }
  // inet_pton accepts exactly the four-part decimal form.
  if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) != 1) return std::nullopt;
  return a;
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {0};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

std::optional<IpAddress> IpAddress::embedded_v4() const {
  if (!v6) return std::nullopt;
  auto tail = [this](size_t from) {
    IpAddress v4;
    for (size_t i = 0; i < 4; ++i) v4.bytes[i] = bytes[from + i];
    return v4;
  };
  bool zero80 = true;
  for (size_t i = 0; i < 10; ++i) zero80 = zero80 && bytes[i] == 0;
  if (zero80 && bytes[10] == 0xFF && bytes[11] == 0xFF) return tail(12);               // ::ffff:a.b.c.d
  if (zero80 && bytes[10] == 0 && bytes[11] == 0 && *this != IpAddress{.v6 = true}) {  // ::a.b.c.d
    bool loopback = bytes[15] == 1 && bytes[12] == 0 && bytes[13] == 0 && bytes[14] == 0;
    if (!loopback) return tail(12);
  }
  if (starts_with_bits(*this, {0x00, 0x64, 0xFF, 0x9B}, 96)) return tail(12);  // NAT64
  if (bytes[0] == 0x20 && bytes[1] == 0x02) return tail(2);                    // 6to4
  return std::nullopt;
}

AddressScope address_scope(const IpAddress& a) {
  if (!a.v6) return v4_scope(a);
  if (auto v4 = a.embedded_v4()) {
    AddressScope s = v4_scope(*v4);
    if (s != AddressScope::kPublic) return s;
  }
  IpAddress loopback{.v6 = true};
  loopback.bytes[15] = 1;
  if (a == loopback) return AddressScope::kLoopback;
  if (a == IpAddress{.v6 = true}) return AddressScope::kUnspecified;
  if (starts_with_bits(a, {0xFC}, 7) || starts_with_bits(a, {0xFE, 0xC0}, 10)) return AddressScope::kPrivate;
  if (starts_with_bits(a, {0xFE, 0x80}, 10)) return AddressScope::kLinkLocal;
  if (starts_with_bits(a, {0xFF}, 8)) return AddressScope::kMulticast;
  if (starts_with_bits(a, {0x20, 0x01, 0x0D, 0xB8}, 32) || starts_with_bits(a, {0x01, 0x00}, 64))
    return AddressScope::kReserved;  // documentation, discard-only
  return AddressScope::kPublic;
}

std::string_view describe_scope(AddressScope scope) {
  switch (scope) {
    case AddressScope::kPublic: return "a public address";
    case AddressScope::kLoopback: return "a loopback address";
    case AddressScope::kUnspecified: return "an unspecified address (the local host)";
    case AddressScope::kPrivate: return "a private-network address";
    case AddressScope::kLinkLocal: return "a link-local address (where cloud metadata services live)";
    case AddressScope::kMulticast: return "a multicast address";
    case AddressScope::kReserved: return "a reserved address";
  }
  return "an address";
}

std::optional<IpNetwork> IpNetwork::parse(std::string_view text) {
  IpNetwork n;
  std::string_view addr = text;
  size_t slash = text.find('/');
  if (slash != std::string_view::npos) addr = text.substr(0, slash);
  auto a = IpAddress::parse(addr);
  if (!a) return std::nullopt;
  n.base = *a;
  int max = a->v6 ? 128 : 32;
  n.prefix = max;
  if (slash != std::string_view::npos) {
    std::string_view p = text.substr(slash + 1);
    auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), n.prefix);
    if (ec != std::errc() || end != p.data() + p.size() || p.empty() || n.prefix < 0 || n.prefix > max)
      return std::nullopt;
  }
  return n;
}

bool IpNetwork::contains(const IpAddress& address) const {
  IpAddress a = address;
  if (a.v6 && !base.v6) {
    // Only the IPv4-mapped form is the same address; other embeddings are not.
    bool mapped = true;
    for (size_t i = 0; i < 10; ++i) mapped = mapped && a.bytes[i] == 0;
    if (!mapped || a.bytes[10] != 0xFF || a.bytes[11] != 0xFF) return false;
    a = *a.embedded_v4();
  }
  if (a.v6 != base.v6) return false;
  int bits = prefix;
  for (size_t i = 0; bits > 0; ++i, bits -= 8) {
    uint8_t mask = bits >= 8 ? 0xFF : static_cast<uint8_t>(0xFF << (8 - bits));
    if ((a.bytes[i] & mask) != (base.bytes[i] & mask)) return false;
  }
  return true;
}

}  // namespace pair
