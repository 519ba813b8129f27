#include "providers/bedrock_sigv4.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>

#include <algorithm>
#include <ctime>
#include <map>

#include "util/sha256.h"
#include "util/strings.h"

namespace pair {
namespace {

constexpr char kUpperHex[] = "0123456789ABCDEF";

const uint8_t* bytes(std::string_view s) {
  return reinterpret_cast<const uint8_t*>(s.data());
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/// Undoes percent-encoding (a malformed escape stays as it is).
std::string uri_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string canonical_uri(std::string_view path) {
  if (path.empty()) return "/";
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    std::string_view segment = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.push_back(segment);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string normalized = path.starts_with('/') ? "/" : "";
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i) normalized += '/';
    normalized += segments[i];
  }
  if (!segments.empty() && path.ends_with('/')) normalized += '/';
  return aws_uri_encode(normalized, /*keep_slash=*/true);
}

std::string canonical_query(std::string_view query) {
  if (query.empty()) return "";
  std::vector<std::pair<std::string, std::string>> params;
  for (const std::string& part : split(query, '&')) {
    if (part.empty()) continue;
    size_t eq = part.find('=');
    std::string_view key = std::string_view(part).substr(0, eq);
    std::string_view value = eq == std::string::npos ? std::string_view() : std::string_view(part).substr(eq + 1);
    params.emplace_back(aws_uri_encode(uri_decode(key), false), aws_uri_encode(uri_decode(value), false));
  }
  std::sort(params.begin(), params.end());
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out += '&';
    out += k + "=" + v;
  }
  return out;
}

/// Trims and collapses runs of spaces, as SigV4 requires of header values.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  bool space = false;
  for (char c : trim(value)) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// Lower-case names in order, values of repeated headers joined with ','.
std::map<std::string, std::string> canonical_headers(const SigV4Request& request) {
  std::map<std::string, std::string> headers;
  for (const auto& [name, value] : request.headers) {
    std::string key = to_lower(trim(name));
    auto [it, inserted] = headers.try_emplace(key, canonical_header_value(value));
    if (!inserted) it->second += "," + canonical_header_value(value);
  }
  return headers;
}

std::string date_part(std::string_view amz_date) {
  return std::string(amz_date.substr(0, 8));
}

std::string credential_scope(std::string_view amz_date, const SigV4Scope& scope) {
  return date_part(amz_date) + "/" + scope.region + "/" + scope.service + "/aws4_request";
}

}  // namespace

std::string hmac_sha256(std::string_view key, std::string_view data) {
  hmac_sha256_ctx ctx;
  hmac_sha256_set_key(&ctx, key.size(), bytes(key));
  hmac_sha256_update(&ctx, data.size(), bytes(data));
  uint8_t digest[SHA256_DIGEST_SIZE];
  hmac_sha256_digest(&ctx, sizeof digest, digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string aws_uri_encode(std::string_view text, bool keep_slash) {
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                      c == '.' || c == '_' || c == '~';
    if (unreserved || (keep_slash && c == '/')) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kUpperHex[c >> 4];
      out += kUpperHex[c & 0xf];
    }
  }
  return out;
}

std::string amz_date(std::chrono::system_clock::time_point t) {
  std::time_t secs = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

std::string sigv4_signed_headers(const SigV4Request& request) {
  std::string out;
  for (const auto& [name, value] : canonical_headers(request)) {
    if (!out.empty()) out += ';';
    out += name;
  }
  return out;
}

std::string sigv4_canonical_request(const SigV4Request& request) {
  std::string out = request.method + "\n" + canonical_uri(request.path) + "\n" + canonical_query(request.query) + "\n";
  for (const auto& [name, value] : canonical_headers(request)) out += name + ":" + value + "\n";
  out += "\n" + sigv4_signed_headers(request) + "\n" + sha256_hex(request.body);
  return out;
}

std::string sigv4_string_to_sign(std::string_view canonical_request, std::string_view amz_date,
                                 const SigV4Scope& scope) {
  return "AWS4-HMAC-SHA256\n" + std::string(amz_date) + "\n" + credential_scope(amz_date, scope) + "\n" +
         sha256_hex(canonical_request);
}

std::string sigv4_signature(const AwsCredentials& credentials, const SigV4Scope& scope, std::string_view amz_date,
                            std::string_view string_to_sign) {
  std::string k_date = hmac_sha256("AWS4" + credentials.secret_access_key, date_part(amz_date));
  std::string k_region = hmac_sha256(k_date, scope.region);
  std::string k_service = hmac_sha256(k_region, scope.service);
  std::string k_signing = hmac_sha256(k_service, "aws4_request");
  std::string signature = hmac_sha256(k_signing, string_to_sign);
  return lower_hex(signature);
}

std::string sigv4_authorization(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                                std::string_view amz_date) {
  std::string to_sign = sigv4_string_to_sign(sigv4_canonical_request(request), amz_date, scope);
  return "AWS4-HMAC-SHA256 Credential=" + credentials.access_key_id + "/" + credential_scope(amz_date, scope) +
         ", SignedHeaders=" + sigv4_signed_headers(request) +
         ", Signature=" + sigv4_signature(credentials, scope, amz_date, to_sign);
}

void sigv4_sign(SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                std::chrono::system_clock::time_point now) {
  std::string date = amz_date(now);
  std::erase_if(request.headers, [](const auto& h) {
    std::string name = to_lower(h.first);
    return name == "x-amz-date" || name == "x-amz-security-token" || name == "authorization";
  });
  request.headers.emplace_back("x-amz-date", date);
  if (!credentials.session_token.empty())
    request.headers.emplace_back("x-amz-security-token", credentials.session_token);
  std::string authorization = sigv4_authorization(request, credentials, scope, date);
  request.headers.emplace_back("authorization", std::move(authorization));
}

}  // namespace pair
