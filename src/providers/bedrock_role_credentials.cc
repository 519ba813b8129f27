#include "providers/bedrock_role_credentials.h"

#include <nettle/sha1.h>
#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/strings.h"
#include "util/url.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

constexpr std::chrono::seconds kServiceTimeout{30};

/// The text of the first <tag>...</tag>, with XML's five entities decoded.
std::string xml_text(std::string_view xml, std::string_view tag) {
  std::string open = "<" + std::string(tag) + ">", close = "</" + std::string(tag) + ">";
  size_t start = xml.find(open);
  if (start == std::string_view::npos) return "";
  start += open.size();
  size_t end = xml.find(close, start);
  if (end == std::string_view::npos) return "";
  std::string s(xml.substr(start, end - start));
  for (auto [entity, ch] : {std::pair{"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}})
    s = replace_all(s, entity, ch);
  return s;
}

std::string shown(std::string_view body) {
  std::string_view t = trim(body);
  return utf8_sanitize(t.substr(0, utf8_safe_cut(t, 300)));
}

/// "https://host[:port]" and the host header for it.
Result<std::pair<std::string, std::string>> base_and_host(const std::string& endpoint) {
  std::string base = endpoint;
  while (base.ends_with('/')) base.pop_back();
  auto url = parse_url(base);
  if (!url) return std::unexpected(url.error());
  return std::pair{base, host_header(*url)};
}

}  // namespace

std::string sha1_hex(std::string_view data) {
  sha1_ctx ctx;
  sha1_init(&ctx);
  sha1_update(&ctx, data.size(), reinterpret_cast<const uint8_t*>(data.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&ctx, sizeof digest, digest);
  return lower_hex(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

Result<AwsCredentials> assume_role(HttpClient& http, const AssumeRoleParams& p, const AwsCredentials& source,
                                   Clock::time_point now, std::stop_token stop) {
  std::string region = p.region.empty() ? "us-east-1" : p.region;
  auto endpoint = base_and_host(p.endpoint.empty() ? "https://sts." + region + ".amazonaws.com" : p.endpoint);
  if (!endpoint) return std::unexpected(endpoint.error());
  std::string session = p.session_name.empty() ? "pair-" + std::to_string(Clock::to_time_t(now)) : p.session_name;
  std::string body = "Action=AssumeRole&Version=2011-06-15&RoleArn=" + aws_uri_encode(p.role_arn, false) +
                     "&RoleSessionName=" + aws_uri_encode(session, false);
  if (p.duration_seconds > 0) body += "&DurationSeconds=" + std::to_string(p.duration_seconds);
  if (!p.external_id.empty()) body += "&ExternalId=" + aws_uri_encode(p.external_id, false);

  SigV4Request sig;
  sig.method = "POST";
  sig.path = "/";
  sig.headers = {{"host", endpoint->second}, {"content-type", "application/x-www-form-urlencoded; charset=utf-8"}};
  sig.body = body;
  sigv4_sign(sig, source, {region, "sts"}, now);

  HttpRequest req;
  req.url = endpoint->first + "/";
  req.body = body;
  req.total_timeout = kServiceTimeout;
  for (const auto& [k, v] : sig.headers) req.headers.push_back(k + ": " + v);
  std::string what = "assuming role " + p.role_arn + " for profile \"" + p.profile + "\"";
  auto r = http.send(req, BodyHandler{}, stop);
  if (!r) return fail(r.error().code, what + ": " + r.error().message);
  if (r->status != 200) {
    std::string message = xml_text(r->body, "Message"), code = xml_text(r->body, "Code");
    if (message.empty()) message = shown(r->body);
    return fail(ErrorCode::kConfig, what + ": STS answered HTTP " + std::to_string(r->status) + ": " +
                                        (code.empty() ? "" : code + ": ") + message + " (signed with " + source.source +
                                        ")");
  }
  AwsCredentials c;
  c.access_key_id = xml_text(r->body, "AccessKeyId");
  c.secret_access_key = xml_text(r->body, "SecretAccessKey");
  c.session_token = xml_text(r->body, "SessionToken");
  c.expiration = parse_aws_time(xml_text(r->body, "Expiration"));
  c.source = "profile \"" + p.profile + "\" (role " + p.role_arn + ")";
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    return fail(ErrorCode::kProtocol, what + ": STS's answer holds no credentials");
  return c;
}

Result<AwsCredentials> sso_role_credentials(HttpClient& http, const AwsEnvironment& env, const SsoParams& p,
                                            Clock::time_point now, std::stop_token stop) {
  std::string login = "run `aws sso login --profile " + p.profile + "`";
  if (p.account_id.empty() || p.role_name.empty() || p.start_url.empty() || p.sso_region.empty())
    return fail(ErrorCode::kConfig, "profile \"" + p.profile +
                                        "\" is incomplete for IAM Identity Center: it needs sso_account_id, "
                                        "sso_role_name, and sso_start_url and sso_region (in the profile or its "
                                        "[sso-session]); see `aws configure sso --profile " +
                                        p.profile + "`");
  std::filesystem::path cache =
      env.home / ".aws" / "sso" / "cache" / (sha1_hex(p.session_name.empty() ? p.start_url : p.session_name) + ".json");
  std::error_code ec;
  if (!std::filesystem::exists(cache, ec))
    return fail(ErrorCode::kConfig, "no IAM Identity Center login for profile \"" + p.profile + "\" (no token in " +
                                        cache.parent_path().string() + "): " + login);
  auto text = read_file_to_string(cache);
  if (!text) return std::unexpected(text.error());
  json token = parse_json(*text, cache.string()).value_or(json());
  std::string access_token = json_string_or(token, "accessToken"), expires_at = json_string_or(token, "expiresAt");
  if (access_token.empty())
    return fail(ErrorCode::kConfig,
                "the IAM Identity Center token cache " + cache.string() + " holds no token: " + login);
  if (auto expiry = parse_aws_time(expires_at); !expiry || *expiry <= now)
    return fail(ErrorCode::kConfig, "the IAM Identity Center login for profile \"" + p.profile + "\" has expired (" +
                                        expires_at + "): " + login);

  std::string endpoint = p.endpoint.empty() ? "https://portal.sso." + p.sso_region + ".amazonaws.com" : p.endpoint;
  while (endpoint.ends_with('/')) endpoint.pop_back();
  HttpRequest req;
  req.method = "GET";
  req.url = endpoint + "/federation/credentials?account_id=" + aws_uri_encode(p.account_id, false) +
            "&role_name=" + aws_uri_encode(p.role_name, false);
  req.headers = {"x-amz-sso_bearer_token: " + access_token, "Accept: application/json"};
  req.total_timeout = kServiceTimeout;
  std::string what = "getting credentials for role " + p.role_name + " in account " + p.account_id + " (profile \"" +
                     p.profile + "\")";
  auto r = http.send(req, BodyHandler{}, stop);
  if (!r) return fail(r.error().code, what + ": " + r.error().message);
  json j = parse_json(r->body, "IAM Identity Center's answer").value_or(json());
  if (r->status != 200) {
    std::string message =
        json_string_or(j, "message").empty() ? json_string_or(j, "Message") : json_string_or(j, "message");
    if (message.empty()) message = shown(r->body);
    std::string then = r->status == 401 ? ": " + login : "";
    return fail(ErrorCode::kConfig,
                what + ": IAM Identity Center answered HTTP " + std::to_string(r->status) + ": " + message + then);
  }
  const json* rc = nullptr;
  if (j.is_object())
    if (auto it = j.find("roleCredentials"); it != j.end() && it->is_object()) rc = &*it;
  if (!rc) return fail(ErrorCode::kProtocol, what + ": the answer holds no roleCredentials");
  AwsCredentials c;
  c.access_key_id = json_string_or(*rc, "accessKeyId");
  c.secret_access_key = json_string_or(*rc, "secretAccessKey");
  c.session_token = json_string_or(*rc, "sessionToken");
  if (auto e = rc->find("expiration"); e != rc->end() && e->is_number())
    c.expiration = Clock::time_point(std::chrono::milliseconds(json_int_or(*rc, "expiration")));
  c.source = "profile \"" + p.profile + "\" (IAM Identity Center)";
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    return fail(ErrorCode::kProtocol, what + ": the answer holds no credentials");
  return c;
}

}  // namespace pair
