#include "util/url.h"

#include <cctype>
#include <charconv>

#include "util/ip_address.h"
#include "util/strings.h"

namespace pair {

Result<Url> parse_url(std::string_view text) {
  Url u;
  size_t sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0)
    return fail(ErrorCode::kInvalidArgument,
                "\"" + std::string(text) + "\" is not a URL (expected http://host:port/...)");
  u.scheme = to_lower(text.substr(0, sep));
  std::string_view rest = text.substr(sep + 3);
  size_t path_start = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, path_start);
  if (path_start != std::string_view::npos) u.path = std::string(rest.substr(path_start));
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view port_text;
  if (authority.starts_with("[")) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos)
      return fail(ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\" has an unclosed IPv6 address");
    u.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (after.starts_with(":")) port_text = after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    u.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  u.host = to_lower(u.host);
  if (u.host.empty()) return fail(ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\" has no host");
  if (!port_text.empty()) {
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), u.port);
    if (ec != std::errc() || p != port_text.data() + port_text.size() || u.port <= 0 || u.port > 65535)
      return fail(ErrorCode::kInvalidArgument, "\"" + std::string(text) + "\" has an invalid port");
  } else {
    u.port = u.scheme == "https" ? 443 : 80;
  }
  return u;
}

namespace {

bool has_scheme(std::string_view s) {
  size_t colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  for (char ch : s.substr(0, colon))
    if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '+' && ch != '-' && ch != '.') return false;
  return true;
}

std::string remove_dot_segments(std::string_view path) {
  std::vector<std::string> out;
  auto parts = split(path, '/');
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& seg = parts[i];
    bool last = i + 1 == parts.size();
    if (seg == ".") {
      if (last) out.emplace_back();
    } else if (seg == "..") {
      if (out.size() > 1) out.pop_back();
      if (last) out.emplace_back();
    } else {
      out.push_back(seg);
    }
  }
  std::string joined = join(out, "/");
  return joined.starts_with("/") ? joined : "/" + joined;
}

}  // namespace

std::string resolve_url_reference(std::string_view base, std::string_view ref) {
  ref = trim(ref);
  if (size_t hash = ref.find('#'); hash != std::string_view::npos) ref = ref.substr(0, hash);
  if (size_t hash = base.find('#'); hash != std::string_view::npos) base = base.substr(0, hash);
  if (has_scheme(ref)) return std::string(ref);
  size_t sep = base.find("://");
  std::string_view scheme = sep == std::string_view::npos ? std::string_view("http") : base.substr(0, sep);
  if (ref.starts_with("//")) return std::string(scheme) + ":" + std::string(ref);
  size_t rest = sep == std::string_view::npos ? 0 : sep + 3;
  size_t path_start = base.find_first_of("/?", rest);
  std::string_view origin = base.substr(0, path_start);
  std::string_view path_and_query = path_start == std::string_view::npos ? "" : base.substr(path_start);
  std::string_view base_path = path_and_query.substr(0, path_and_query.find('?'));
  if (ref.empty()) return std::string(base);
  if (ref.starts_with("?"))
    return std::string(origin) + std::string(base_path.empty() ? "/" : base_path) + std::string(ref);
  std::string_view ref_path = ref.substr(0, ref.find('?'));
  std::string_view ref_query = ref.substr(ref_path.size());
  std::string merged;
  if (ref.starts_with("/")) {
    merged = std::string(ref_path);
  } else {
    size_t slash = base_path.rfind('/');
    merged = (slash == std::string_view::npos ? std::string("/") : std::string(base_path.substr(0, slash + 1))) +
             std::string(ref_path);
  }
  return std::string(origin) + remove_dot_segments(merged) + std::string(ref_query);
}

std::string url_encode_component(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

bool is_loopback_host(std::string_view h) {
  if (h == "localhost" || h.ends_with(".localhost")) return true;
  auto address = IpAddress::parse(h);  // addresses, not names: "127.evil.com" is somebody else's host
  return address && address_scope(*address) == AddressScope::kLoopback;
}

bool is_local_host(std::string_view h) {
  if (is_loopback_host(h) || h.ends_with(".local")) return true;
  auto address = IpAddress::parse(h);  // "10.example.com" or "fdic.gov" are names, not networks
  if (!address) return false;
  switch (address_scope(*address)) {
    case AddressScope::kUnspecified:
    case AddressScope::kPrivate:
    case AddressScope::kLinkLocal: return true;
    default: return false;
  }
}

}  // namespace pair
