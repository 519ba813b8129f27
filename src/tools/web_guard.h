#pragma once
/// The SSRF guard of web_fetch: a URL may only lead to a public address,
/// unless the user's settings allow more. Host names are resolved here and
/// every address checked; the caller then connects to the vetted address
/// (HttpRequest::connect_address), so a DNS answer that changes between the
/// check and the connection (DNS rebinding) cannot lead elsewhere. Redirects
/// are vetted hop by hop the same way.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"
#include "util/ip_address.h"
#include "util/url.h"

namespace pair {

/// One entry of settings `web.fetch.allow`: a network ("10.0.0.0/8", "::1"),
/// or a host name ("wiki.internal"), either with an optional port
/// ("127.0.0.1:8080", "[::1]:8080", "wiki.internal:8443").
struct AllowEntry {
  std::optional<IpNetwork> network;
  std::string host;  ///< lower-case; set when not a network
  int port = 0;      ///< 0: any port

  static std::optional<AllowEntry> parse(std::string_view text);
};

/// What beyond public addresses a fetch may reach.
struct NetworkAllowance {
  bool allow_private = false;  ///< every address, private or not
  std::vector<AllowEntry> entries;

  /// Whether a request to `host`:`port` that connects to `address` may go.
  bool allows(const std::string& host, int port, const IpAddress& address) const;
};

/// Resolves a host name to its addresses (getaddrinfo by default; tests
/// substitute their own). An IP literal never reaches the resolver.
using HostResolver = std::function<Result<std::vector<IpAddress>>(const std::string& host)>;
HostResolver system_resolver();

struct VettedUrl {
  Url url;
  std::string text;   ///< the URL as given
  IpAddress address;  ///< where to connect
};

/// Checks that `url` is http(s) and that every address its host resolves to
/// may be reached. Errors: kInvalidArgument (not an http(s) URL), kConnection
/// (the name does not resolve), kPermission (the message names the address,
/// what kind it is, and the setting that allows it).
Result<VettedUrl> vet_url(std::string_view url, const NetworkAllowance& allowance, const HostResolver& resolve);

}  // namespace pair
