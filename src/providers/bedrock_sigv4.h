#pragma once
/// AWS Signature Version 4 (header signing, as Bedrock and STS use it), on
/// nettle's SHA-256 and HMAC. Pure functions: no I/O, no clock (the caller
/// passes the time), thread-safe.
///
/// The canonical URI is the request path URI-encoded once more (AWS encodes
/// twice for every service but S3): a model id `a:b` is sent as `a%3Ab` and
/// signed as `a%253Ab`. `.`/`..` segments and empty segments are normalized
/// first, as AWS's SDKs do.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace pair {

/// A set of AWS credentials. Never printed: `source` says where they came from.
struct AwsCredentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  ///< empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;
  std::string source;  ///< for messages, e.g. `profile "dev" (credential_process)`
};

struct SigV4Request {
  std::string method = "POST";
  std::string path = "/";  ///< as sent on the wire
  std::string query;       ///< without '?'; may be empty
  /// Every header here is signed (names in any case); `host` must be present.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
};

struct SigV4Scope {
  std::string region;   ///< e.g. us-east-1
  std::string service;  ///< bedrock, sts, ...
};

/// Raw 32-byte HMAC-SHA256.
std::string hmac_sha256(std::string_view key, std::string_view data);
/// RFC 3986 percent-encoding of everything but unreserved characters
/// (A-Z a-z 0-9 - . _ ~), upper-case hex; `/` kept when `keep_slash`.
std::string aws_uri_encode(std::string_view text, bool keep_slash);
/// `20150830T123600Z` for a point in time (UTC).
std::string amz_date(std::chrono::system_clock::time_point t);

/// The parts of the signature, exposed for tests against AWS's test suite.
std::string sigv4_canonical_request(const SigV4Request& request);
std::string sigv4_signed_headers(const SigV4Request& request);
std::string sigv4_string_to_sign(std::string_view canonical_request, std::string_view amz_date,
                                 const SigV4Scope& scope);
/// The hex signature of a string to sign (the signing key derived from the
/// secret, the date, the region and the service).
std::string sigv4_signature(const AwsCredentials& credentials, const SigV4Scope& scope, std::string_view amz_date,
                            std::string_view string_to_sign);
/// The `Authorization` header value; `amz_date` must equal the request's
/// x-amz-date header.
std::string sigv4_authorization(const SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                                std::string_view amz_date);

/// Signs in place: adds `x-amz-date` (from `now`), `x-amz-security-token` when
/// the credentials carry a session token, then `authorization`.
void sigv4_sign(SigV4Request& request, const AwsCredentials& credentials, const SigV4Scope& scope,
                std::chrono::system_clock::time_point now);

}  // namespace pair
