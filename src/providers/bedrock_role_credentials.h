#pragma once
/// Temporary credentials for a role, from the two AWS services that hand them
/// out: STS AssumeRole (profiles with `role_arn`) and IAM Identity Center
/// (SSO) GetRoleCredentials with a token from the AWS CLI's cache
/// (`aws sso login` writes it to ~/.aws/sso/cache/<sha1>.json). The SSO token
/// is not refreshed here: an expired one asks the user to log in again.
/// Thread affinity: the caller's thread; uses the given HttpClient.

#include <chrono>
#include <stop_token>
#include <string>
#include <string_view>

#include "providers/bedrock_aws_config.h"
#include "providers/bedrock_sigv4.h"
#include "util/error.h"

namespace pair {

class HttpClient;

struct AssumeRoleParams {
  std::string profile;  ///< for messages
  std::string role_arn;
  std::string session_name;  ///< `role_session_name`; a default when empty
  std::string external_id;
  int duration_seconds = 0;  ///< 0: STS's default (one hour)
  std::string region;        ///< STS's regional endpoint
  std::string endpoint;      ///< overrides https://sts.REGION.amazonaws.com
};

/// Calls STS AssumeRole signed with `source`. Errors quote STS's message.
Result<AwsCredentials> assume_role(HttpClient& http, const AssumeRoleParams& params, const AwsCredentials& source,
                                   std::chrono::system_clock::time_point now, std::stop_token stop);

struct SsoParams {
  std::string profile;       ///< for messages and `aws sso login --profile`
  std::string session_name;  ///< `sso_session`; empty for the legacy settings
  std::string start_url;
  std::string sso_region;
  std::string account_id;
  std::string role_name;
  std::string endpoint;  ///< overrides https://portal.sso.REGION.amazonaws.com
};

/// Lower-case hex SHA-1: the name of the AWS CLI's SSO token cache file is
/// the SHA-1 of the session name (or, for legacy profiles, the start URL).
std::string sha1_hex(std::string_view data);

/// Reads the cached SSO token and exchanges it for role credentials. A missing
/// or expired token says to run `aws sso login --profile PROFILE`.
Result<AwsCredentials> sso_role_credentials(HttpClient& http, const AwsEnvironment& env, const SsoParams& params,
                                            std::chrono::system_clock::time_point now, std::stop_token stop);

}  // namespace pair
