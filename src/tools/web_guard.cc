#include "tools/web_guard.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "util/strings.h"

namespace pair {
namespace {

bool parse_port(std::string_view text, int* port) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), *port);
  return ec == std::errc() && end == text.data() + text.size() && *port > 0 && *port <= 65535;
}

}  // namespace

std::optional<AllowEntry> AllowEntry::parse(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  AllowEntry e;
  std::string_view target = text;
  if (text.starts_with("[")) {  // [v6]:port or [v6]/prefix
    size_t close = text.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    std::string_view after = text.substr(close + 1);
    target = text.substr(1, close - 1);
    if (after.starts_with(":")) {
      if (!parse_port(after.substr(1), &e.port)) return std::nullopt;
    } else if (!after.empty()) {
      return std::nullopt;
    }
  } else if (std::count(text.begin(), text.end(), ':') == 1) {  // host:port or v4:port
    size_t colon = text.find(':');
    if (!parse_port(text.substr(colon + 1), &e.port)) return std::nullopt;
    target = text.substr(0, colon);
  }
  if (auto net = IpNetwork::parse(target)) {
    e.network = net;
    return e;
  }
  if (target.find_first_of("/: ") != std::string_view::npos || target.empty()) return std::nullopt;
  e.host = to_lower(target);
  return e;
}

bool NetworkAllowance::allows(const std::string& host, int port, const IpAddress& address) const {
  if (allow_private || address_scope(address) == AddressScope::kPublic) return true;
  for (const AllowEntry& e : entries) {
    if (e.port != 0 && e.port != port) continue;
    if (e.network ? e.network->contains(address) : e.host == host) return true;
  }
  return false;
}

HostResolver system_resolver() {
  return [](const std::string& host) -> Result<std::vector<IpAddress>> {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG;
    addrinfo* list = nullptr;
    int rc = getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (rc != 0) return fail(ErrorCode::kConnection, "cannot resolve " + host + ": " + gai_strerror(rc));
    std::vector<IpAddress> out;
    for (addrinfo* a = list; a; a = a->ai_next) {
      IpAddress ip;
      if (a->ai_family == AF_INET) {
        std::memcpy(ip.bytes.data(), &reinterpret_cast<sockaddr_in*>(a->ai_addr)->sin_addr, 4);
      } else if (a->ai_family == AF_INET6) {
        ip.v6 = true;
        std::memcpy(ip.bytes.data(), &reinterpret_cast<sockaddr_in6*>(a->ai_addr)->sin6_addr, 16);
      } else {
        continue;
      }
      if (std::find(out.begin(), out.end(), ip) == out.end()) out.push_back(ip);
    }
    freeaddrinfo(list);
    if (out.empty()) return fail(ErrorCode::kConnection, "cannot resolve " + host + ": no addresses");
    return out;
  };
}

Result<VettedUrl> vet_url(std::string_view text, const NetworkAllowance& allowance, const HostResolver& resolve) {
  auto url = parse_url(text);
  if (!url) return std::unexpected(url.error());
  if (url->scheme != "http" && url->scheme != "https")
    return fail(ErrorCode::kInvalidArgument,
                "only http:// and https:// URLs can be fetched, not " + url->scheme + "://");
  std::vector<IpAddress> addresses;
  if (auto literal = IpAddress::parse(url->host)) {
    addresses.push_back(*literal);
  } else {
    auto resolved = resolve(url->host);
    if (!resolved) return std::unexpected(resolved.error());
    addresses = std::move(*resolved);
  }
  if (addresses.empty()) return fail(ErrorCode::kConnection, "cannot resolve " + url->host);
  for (const IpAddress& a : addresses) {
    if (allowance.allows(url->host, url->port, a)) continue;
    std::string scope(describe_scope(address_scope(a)));
    std::string what = IpAddress::parse(url->host) ? a.to_string() + " is " + scope
                                                   : url->host + " resolves to " + a.to_string() + ", " + scope;
    return fail(ErrorCode::kPermission,
                "refused to fetch " + std::string(text) + ": " + what +
                    ". web_fetch reaches only public addresses unless the user allows more in settings "
                    "(web.fetch.allow).");
  }
  return VettedUrl{*url, std::string(text), addresses.front()};
}

}  // namespace pair
