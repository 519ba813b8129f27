#pragma once
/// The AWS shared configuration that the Bedrock provider reads: environment
/// variables and the INI files `~/.aws/config` (`[default]`, `[profile x]`,
/// `[sso-session x]`) and `~/.aws/credentials` (`[x]`), with the locations
/// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE may move them to. Also the
/// region and endpoint rules. Reads files only when asked; thread-compatible.

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"
#include "util/url.h"

namespace pair {

/// The process environment and home directory, replaceable in tests.
struct AwsEnvironment {
  /// The variable's value; nullopt when unset or empty.
  std::function<std::optional<std::string>(std::string_view)> get;
  std::filesystem::path home;

  static AwsEnvironment from_process();
  std::string value_or(std::string_view name, std::string fallback) const;
};

/// `key = value` pairs of one section, keys lower-cased.
using IniSection = std::map<std::string, std::string>;
/// Sections by their full header text ("default", "profile dev", "sso-session s").
using IniFile = std::map<std::string, IniSection>;

/// Parses AWS's INI dialect: `[section]`, `key = value`, `#`/`;` comment lines,
/// indented sub-settings (`s3 =` followed by indented lines) skipped. Later
/// duplicates of a key or section add to or replace earlier ones. Never fails:
/// lines it cannot read are ignored, as the AWS CLI does.
IniFile parse_aws_ini(std::string_view text);

/// The two files, read once.
class AwsSharedConfig {
 public:
  /// Reads both files; a missing file is empty, an unreadable one an error.
  static Result<AwsSharedConfig> load(const AwsEnvironment& env);
  static AwsSharedConfig from_text(std::string_view config, std::string_view credentials);

  /// The profile's settings: `[profile NAME]` (or `[default]` for "default")
  /// from the config file; nullptr when absent.
  const IniSection* config_profile(std::string_view name) const;
  /// `[NAME]` from the credentials file; nullptr when absent.
  const IniSection* credentials_profile(std::string_view name) const;
  const IniSection* sso_session(std::string_view name) const;
  bool has_profile(std::string_view name) const;

  std::filesystem::path config_path;
  std::filesystem::path credentials_path;

 private:
  IniFile config_;
  IniFile credentials_;
};

/// A setting of a section, or empty.
std::string ini_value(const IniSection* section, const std::string& key);

/// The profile to use: the model entry's `profile`, else AWS_PROFILE, else
/// "default". `explicitly` tells whether one was named.
std::string aws_profile_name(const AwsEnvironment& env, std::string_view entry_profile, bool* explicitly = nullptr);

/// The region in a Bedrock endpoint's host name (`bedrock-runtime.REGION.` or
/// `bedrock-runtime-fips.REGION.`, also behind a `vpce-...` prefix), or empty.
std::string region_from_host(std::string_view host);

/// The endpoint for a service: AWS_ENDPOINT_URL_<SERVICE> (e.g.
/// BEDROCK_RUNTIME), then AWS_ENDPOINT_URL, unless
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true; nullopt when neither is set.
std::optional<std::string> aws_endpoint_override(const AwsEnvironment& env, std::string_view service_env_suffix);

/// The `Host` header for a URL: the host, with the port unless it is the
/// scheme's default (SigV4 signs it, so it must match what is sent).
std::string host_header(const Url& url);

/// Parses an ISO 8601 time as AWS writes it ("2026-11-25T10:00:00Z",
/// fractions and "+00:00" offsets allowed).
std::optional<std::chrono::system_clock::time_point> parse_aws_time(std::string_view text);

}  // namespace pair
