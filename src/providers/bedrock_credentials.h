#pragma once
/// The AWS credential chain, as AWS's SDKs walk it (JavaScript SDK v3 order):
///
/// 1. the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
///    AWS_SESSION_TOKEN), unless a profile is named (the model entry's
///    `profile` or AWS_PROFILE);
/// 2. the profile (named, else "default") from ~/.aws/config and
///    ~/.aws/credentials, in this order: `role_arn` with `source_profile` (or
///    `credential_source = Environment`) through STS AssumeRole; IAM Identity
///    Center (`sso_session` or `sso_start_url`) with the AWS CLI's cached
///    token; static keys (credentials file, then config file);
///    `credential_process` (JSON on stdout, `Expiration` honoured).
///
/// Not supported: MFA prompts (`mfa_serial`), web identity, container and
/// instance metadata credentials; they fail with a message that says so.
///
/// Credentials are resolved on first use and kept until five minutes before
/// they expire. Secrets never appear in messages; `AwsCredentials::source`
/// names where they came from. Thread affinity: one thread at a time.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <stop_token>
#include <string>

#include "providers/bedrock_aws_config.h"
#include "providers/bedrock_sigv4.h"
#include "util/error.h"

namespace pair {

class HttpClient;

class AwsCredentialChain {
 public:
  using ClockFn = std::function<std::chrono::system_clock::time_point()>;

  /// `entry_profile`: the model entry's `profile` (may be empty).
  /// `fallback_region`: for STS when the profile names no region.
  AwsCredentialChain(AwsEnvironment env, std::string entry_profile, std::string fallback_region = "",
                     ClockFn clock = nullptr);
  ~AwsCredentialChain();
  AwsCredentialChain(const AwsCredentialChain&) = delete;
  AwsCredentialChain& operator=(const AwsCredentialChain&) = delete;

  /// Valid credentials, or kConfig with which profile was tried and what to
  /// run (`aws configure`, `aws sso login --profile X`, ...).
  Result<AwsCredentials> get(std::stop_token stop = {});
  /// Forgets cached credentials (AWS refused them); the next get() resolves anew.
  void invalidate() { cached_.reset(); }

  /// The profile the chain uses ("default" when none is named).
  const std::string& profile() const { return profile_; }
  /// The profile's `region` setting, or empty. Reads the files once.
  Result<std::string> profile_region();
  /// What to do when AWS refuses the credentials, e.g. "run `aws sso login
  /// --profile dev`". Meaningful after get().
  std::string renewal_hint() const { return hint_; }

 private:
  Result<const AwsSharedConfig*> config();
  Result<AwsCredentials> resolve(std::stop_token stop);
  Result<AwsCredentials> from_environment();
  Result<AwsCredentials> from_profile(const std::string& name, int depth, std::stop_token stop);
  Result<AwsCredentials> from_process(const std::string& name, const std::string& command, std::stop_token stop);
  HttpClient& http();

  AwsEnvironment env_;
  std::string profile_;
  bool profile_named_ = false;
  std::string fallback_region_;
  ClockFn clock_;
  std::optional<AwsSharedConfig> config_;
  std::optional<AwsCredentials> cached_;
  std::string hint_;
  std::unique_ptr<HttpClient> http_;
};

/// Parses credential_process output (`{"Version": 1, "AccessKeyId", ...}`).
/// Errors never quote the output (it holds secrets).
Result<AwsCredentials> parse_credential_process_output(std::string_view output, const std::string& profile);

}  // namespace pair
