#include "providers/bedrock_credentials.h"

#include <nlohmann/json.hpp>

#include "http/http_client.h"
#include "providers/bedrock_role_credentials.h"
#include "util/json_parse.h"
#include "util/strings.h"
#include "util/subprocess.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;
using Clock = std::chrono::system_clock;

/// Credentials this close to expiring are renewed before use.
constexpr std::chrono::minutes kRenewBefore{5};
constexpr int kMaxSourceProfileDepth = 5;
constexpr std::chrono::seconds kProcessTimeout{120};

/// A setting of a profile: the credentials file's value, else the config file's.
std::string setting(const IniSection* credentials, const IniSection* config, const std::string& key) {
  std::string v = ini_value(credentials, key);
  return v.empty() ? ini_value(config, key) : v;
}

std::string format_time(Clock::time_point t) {
  std::time_t secs = Clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

}  // namespace

Result<AwsCredentials> parse_credential_process_output(std::string_view output, const std::string& profile) {
  std::string what = "the credential_process of profile \"" + profile + "\"";
  json j = parse_json(output, what).value_or(json());
  if (!j.is_object())
    return fail(ErrorCode::kConfig, what +
                                        " did not print a JSON object (expected {\"Version\": 1, \"AccessKeyId\": "
                                        "..., \"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...})");
  if (const json& version = json_member(j, "Version"); !version.is_number_integer() || json_as_int(version) != 1)
    return fail(ErrorCode::kConfig, what + " printed JSON without \"Version\": 1");
  AwsCredentials c;
  c.access_key_id = json_string_or(j, "AccessKeyId");
  c.secret_access_key = json_string_or(j, "SecretAccessKey");
  c.session_token = json_string_or(j, "SessionToken");
  if (c.access_key_id.empty() || c.secret_access_key.empty())
    return fail(ErrorCode::kConfig, what + " printed JSON without AccessKeyId and SecretAccessKey");
  if (std::string expiration = json_string_or(j, "Expiration"); !expiration.empty()) {
    c.expiration = parse_aws_time(expiration);
    if (!c.expiration)
      return fail(ErrorCode::kConfig, what + " printed an Expiration that is not an ISO 8601 time: " + expiration);
  }
  c.source = "profile \"" + profile + "\" (credential_process)";
  return c;
}

AwsCredentialChain::AwsCredentialChain(AwsEnvironment env, std::string entry_profile, std::string fallback_region,
                                       ClockFn clock)
    : env_(std::move(env)), fallback_region_(std::move(fallback_region)), clock_(std::move(clock)) {
  profile_ = aws_profile_name(env_, entry_profile, &profile_named_);
  if (!clock_) clock_ = [] { return Clock::now(); };
}

AwsCredentialChain::~AwsCredentialChain() = default;

HttpClient& AwsCredentialChain::http() {
  if (!http_) http_ = std::make_unique<HttpClient>();
  return *http_;
}

Result<const AwsSharedConfig*> AwsCredentialChain::config() {
  if (!config_) {
    auto c = AwsSharedConfig::load(env_);
    if (!c) return std::unexpected(c.error());
    config_ = std::move(*c);
  }
  return &*config_;
}

Result<std::string> AwsCredentialChain::profile_region() {
  auto cfg = config();
  if (!cfg) return std::unexpected(cfg.error());
  return ini_value((*cfg)->config_profile(profile_), "region");
}

Result<AwsCredentials> AwsCredentialChain::get(std::stop_token stop) {
  Clock::time_point now = clock_();
  if (cached_ && (!cached_->expiration || *cached_->expiration - kRenewBefore > now)) return *cached_;
  cached_.reset();
  auto c = resolve(stop);
  if (!c) return c;
  if (c->expiration && *c->expiration <= now)
    return fail(ErrorCode::kConfig,
                "the AWS credentials from " + c->source + " expired at " + format_time(*c->expiration) + ": " + hint_);
  cached_ = *c;
  return c;
}

Result<AwsCredentials> AwsCredentialChain::resolve(std::stop_token stop) {
  if (!profile_named_) {
    auto env = from_environment();
    if (env || env.error().code != ErrorCode::kNotFound) return env;
  }
  auto cfg = config();
  if (!cfg) return std::unexpected(cfg.error());
  if (!(*cfg)->has_profile(profile_)) {
    std::string files = (*cfg)->config_path.string() + " or " + (*cfg)->credentials_path.string();
    if (!profile_named_) {
      hint_ = "run `aws configure`";
      return fail(ErrorCode::kConfig,
                  "no AWS credentials for Bedrock: AWS_ACCESS_KEY_ID is not set and there is no profile \"default\" "
                  "in " +
                      files +
                      ". Run `aws configure` (access keys) or `aws configure sso` and `aws sso login`, or name a "
                      "profile with AWS_PROFILE or \"profile\" in models.json");
    }
    hint_ = "run `aws configure --profile " + profile_ + "`";
    return fail(ErrorCode::kConfig, "the AWS profile \"" + profile_ + "\" is not in " + files + ": create it with " +
                                        "`aws configure --profile " + profile_ + "` (or `aws configure sso --profile " +
                                        profile_ + "`)");
  }
  return from_profile(profile_, 0, stop);
}

Result<AwsCredentials> AwsCredentialChain::from_environment() {
  auto id = env_.get("AWS_ACCESS_KEY_ID"), secret = env_.get("AWS_SECRET_ACCESS_KEY");
  hint_ = "set fresh AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN";
  if (!id && !secret) return fail(ErrorCode::kNotFound, "no credentials in the environment");
  if (!id || !secret)
    return fail(ErrorCode::kConfig, std::string(id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") + " is set but " +
                                        (id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") +
                                        " is not: set both (and AWS_SESSION_TOKEN for temporary credentials)");
  AwsCredentials c;
  c.access_key_id = *id;
  c.secret_access_key = *secret;
  c.session_token = env_.value_or("AWS_SESSION_TOKEN", "");
  if (auto exp = env_.get("AWS_CREDENTIAL_EXPIRATION")) c.expiration = parse_aws_time(*exp);
  c.source = "the environment (AWS_ACCESS_KEY_ID)";
  return c;
}

Result<AwsCredentials> AwsCredentialChain::from_profile(const std::string& name, int depth, std::stop_token stop) {
  auto cfg = config();
  if (!cfg) return std::unexpected(cfg.error());
  const IniSection* conf = (*cfg)->config_profile(name);
  const IniSection* creds = (*cfg)->credentials_profile(name);
  if (!conf && !creds)
    return fail(ErrorCode::kConfig, "the AWS profile \"" + name + "\" (source_profile of \"" + profile_ +
                                        "\") is not in " + (*cfg)->config_path.string() + " or " +
                                        (*cfg)->credentials_path.string());
  auto get = [&](const char* key) { return setting(creds, conf, key); };
  std::string id = get("aws_access_key_id"), secret = get("aws_secret_access_key");
  auto static_keys = [&]() -> Result<AwsCredentials> {
    if (id.empty() || secret.empty())
      return fail(ErrorCode::kConfig, "profile \"" + name + "\" has " +
                                          (id.empty() ? "no aws_access_key_id" : "no aws_secret_access_key") +
                                          ": run `aws configure --profile " + name + "`");
    AwsCredentials c;
    c.access_key_id = id;
    c.secret_access_key = secret;
    c.session_token = get("aws_session_token");
    c.source =
        "profile \"" + name + "\" (" +
        (ini_value(creds, "aws_access_key_id").empty() ? (*cfg)->config_path : (*cfg)->credentials_path).string() + ")";
    hint_ = "run `aws configure --profile " + name + "` to store working keys";
    return c;
  };

  if (std::string role = get("role_arn"); !role.empty()) {
    if (!get("mfa_serial").empty())
      return fail(ErrorCode::kConfig, "profile \"" + name +
                                          "\" assumes a role with MFA (mfa_serial), and pair cannot ask for the "
                                          "code: use a credential_process or export temporary credentials "
                                          "(`aws configure export-credentials --profile " +
                                          name + " --format env`)");
    Result<AwsCredentials> source = fail(ErrorCode::kInternal, "");
    std::string source_profile = get("source_profile"), credential_source = get("credential_source");
    if (!source_profile.empty()) {
      if (depth >= kMaxSourceProfileDepth)
        return fail(ErrorCode::kConfig, "profile \"" + profile_ + "\": source_profile chain is too long or circular");
      source = source_profile == name ? static_keys() : from_profile(source_profile, depth + 1, stop);
    } else if (credential_source == "Environment") {
      source = from_environment();
      if (!source && source.error().code == ErrorCode::kNotFound)
        return fail(ErrorCode::kConfig, "profile \"" + name +
                                            "\" takes its credentials from the environment (credential_source), "
                                            "but AWS_ACCESS_KEY_ID is not set");
    } else {
      return fail(ErrorCode::kConfig, "profile \"" + name + "\" has role_arn but " +
                                          (credential_source.empty() ? std::string("no source_profile")
                                                                     : "credential_source " + credential_source +
                                                                           ", which pair does not "
                                                                           "support") +
                                          "; give it a source_profile with keys");
    }
    if (!source) return source;
    AssumeRoleParams p;
    p.profile = name;
    p.role_arn = role;
    p.session_name = get("role_session_name");
    p.external_id = get("external_id");
    if (std::string d = get("duration_seconds"); !d.empty()) p.duration_seconds = std::atoi(d.c_str());
    p.region = get("region");
    if (p.region.empty()) p.region = fallback_region_;
    p.endpoint = aws_endpoint_override(env_, "STS").value_or("");
    return assume_role(http(), p, *source, clock_(), stop);
  }

  if (std::string session = get("sso_session"); !session.empty() || !get("sso_start_url").empty()) {
    const IniSection* s = session.empty() ? nullptr : (*cfg)->sso_session(session);
    if (!session.empty() && !s)
      return fail(ErrorCode::kConfig, "profile \"" + name + "\" names sso_session \"" + session + "\", but " +
                                          (*cfg)->config_path.string() + " has no [sso-session " + session + "]");
    SsoParams p;
    p.profile = name;
    p.session_name = session;
    p.start_url = s ? ini_value(s, "sso_start_url") : get("sso_start_url");
    p.sso_region = s ? ini_value(s, "sso_region") : get("sso_region");
    p.account_id = get("sso_account_id");
    p.role_name = get("sso_role_name");
    p.endpoint = aws_endpoint_override(env_, "SSO").value_or("");
    hint_ = "run `aws sso login --profile " + name + "`";
    return sso_role_credentials(http(), env_, p, clock_(), stop);
  }

  if (!id.empty() || !secret.empty()) return static_keys();

  if (std::string command = get("credential_process"); !command.empty()) return from_process(name, command, stop);

  hint_ = "run `aws configure --profile " + name + "`";
  return fail(ErrorCode::kConfig, "profile \"" + name +
                                      "\" holds no credentials (no aws_access_key_id, role_arn, sso_session or "
                                      "credential_process): run `aws configure --profile " +
                                      name + "` or `aws configure sso --profile " + name + "`");
}

Result<AwsCredentials> AwsCredentialChain::from_process(const std::string& name, const std::string& command,
                                                        std::stop_token stop) {
  hint_ = "check the credential_process of profile \"" + name + "\"";
  ProcessOptions o;
  o.argv = {"/bin/sh", "-c", command};
  o.merge_stderr = false;
  o.timeout = kProcessTimeout;
  o.head_bytes = 256 * 1024;
  o.tail_bytes = 0;
  auto r = run_process(o, stop);
  std::string what = "the credential_process of profile \"" + name + "\"";
  if (!r) return fail(ErrorCode::kConfig, what + " could not start: " + r.error().message);
  if (r->cancelled) return fail(ErrorCode::kCancelled, "cancelled");
  if (r->timed_out) return fail(ErrorCode::kConfig, what + " did not finish within 120 s");
  if (r->exit_code != 0 || r->signal != 0) {
    // Only stderr is shown: stdout is where credentials would be.
    std::string_view err = trim(r->error_output);
    std::string shown = utf8_sanitize(err.substr(0, utf8_safe_cut(err, 500)));
    return fail(ErrorCode::kConfig,
                what + " failed (" +
                    (r->signal ? "signal " + std::to_string(r->signal) : "exit code " + std::to_string(r->exit_code)) +
                    ")" + (shown.empty() ? "" : ": " + shown));
  }
  if (r->output_truncated) return fail(ErrorCode::kConfig, what + " printed more than 256 KiB");
  return parse_credential_process_output(r->output, name);
}

}  // namespace pair
