#pragma once
/// Just enough URL parsing for what pair does with server addresses: find the
/// host and port, add a path, tell a local server from a remote one.

#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

struct Url {
  std::string scheme;  ///< lower-case: "http", "https"
  std::string host;    ///< lower-case, without IPv6 brackets
  int port = 0;        ///< explicit or the scheme's default
  std::string path;    ///< starts with '/', or empty; query and fragment kept
};

/// Accepts "scheme://[userinfo@]host[:port][/path]". Errors say what is wrong.
Result<Url> parse_url(std::string_view text);
/// The absolute URL that `reference` (an href or a Location header) names,
/// seen from the absolute URL `base` (RFC 3986 section 5.2, with dot
/// segments removed). The fragment is dropped: it never reaches a server.
std::string resolve_url_reference(std::string_view base, std::string_view reference);
/// `s` percent-encoded for a query string value (RFC 3986 unreserved
/// characters kept, everything else %XX, space as %20).
std::string url_encode_component(std::string_view s);
/// True for localhost, *.localhost and loopback addresses (127.0.0.0/8, ::1):
/// this machine itself.
bool is_loopback_host(std::string_view host);
/// True for loopback, private-network and link-local hosts (util/ip_address's
/// scopes), and *.local.
bool is_local_host(std::string_view host);

}  // namespace pair
