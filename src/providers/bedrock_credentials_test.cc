#include "providers/bedrock_credentials.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <map>

#include "providers/bedrock_role_credentials.h"

namespace pair {
namespace {

namespace fs = std::filesystem;
using std::chrono::system_clock;

class Credentials : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = fs::temp_directory_path() / ("pair-aws-" + std::to_string(::getpid()) + "-" +
                                         ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(home_);
    fs::create_directories(home_ / ".aws");
  }
  void TearDown() override { fs::remove_all(home_); }

  AwsEnvironment env() {
    AwsEnvironment e;
    e.get = [vars = vars_](std::string_view name) -> std::optional<std::string> {
      auto it = vars.find(std::string(name));
      if (it == vars.end() || it->second.empty()) return std::nullopt;
      return it->second;
    };
    e.home = home_;
    return e;
  }
  void write(const std::string& rel, const std::string& text) {
    fs::create_directories((home_ / rel).parent_path());
    std::ofstream(home_ / rel) << text;
  }
  Result<AwsCredentials> get(const std::string& entry_profile = "") {
    AwsCredentialChain chain(env(), entry_profile, "us-east-1", [this] { return now_; });
    auto r = chain.get();
    hint_ = chain.renewal_hint();
    return r;
  }

  fs::path home_;
  std::map<std::string, std::string> vars_;
  system_clock::time_point now_ = system_clock::time_point(std::chrono::seconds(1795600800));  // 2026-11-25 10:00
  std::string hint_;
};

TEST_F(Credentials, Environment) {
  vars_ = {{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}, {"AWS_SESSION_TOKEN", "tok"}};
  auto c = get();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIAENV");
  EXPECT_EQ(c->secret_access_key, "envsecret");
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_EQ(c->source, "the environment (AWS_ACCESS_KEY_ID)");
  vars_.erase("AWS_SECRET_ACCESS_KEY");
  auto half = get();
  ASSERT_FALSE(half);
  EXPECT_NE(half.error().message.find("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"), std::string::npos);
}

TEST_F(Credentials, NamedProfileWinsOverEnvironment) {
  vars_ = {{"AWS_ACCESS_KEY_ID", "AKIAENV"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"}};
  write(".aws/credentials", "[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = worksecret\n");
  auto c = get("work");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIAWORK");
  EXPECT_EQ(c->session_token, "");
  EXPECT_NE(c->source.find("profile \"work\""), std::string::npos);
  vars_["AWS_PROFILE"] = "work";
  c = get();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->access_key_id, "AKIAWORK");
}

TEST_F(Credentials, DefaultProfileFromBothFiles) {
  write(".aws/credentials",
        "# comment\n[default]\naws_access_key_id=AKIADEF\n  aws_secret_access_key =  defsecret   \n"
        "aws_session_token = deftoken\n");
  write(".aws/config", "[default]\nregion = eu-west-1 # home\ns3 =\n  max_concurrent_requests = 20\n");
  auto c = get();
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIADEF");
  EXPECT_EQ(c->secret_access_key, "defsecret");
  EXPECT_EQ(c->session_token, "deftoken");
  AwsCredentialChain chain(env(), "", "");
  auto region = chain.profile_region();
  ASSERT_TRUE(region);
  EXPECT_EQ(*region, "eu-west-1");
  // Keys in the config file work too, and AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE move the files.
  write("elsewhere/config", "[profile cfg]\naws_access_key_id = AKIACFG\naws_secret_access_key = cfgsecret\n");
  vars_["AWS_CONFIG_FILE"] = (home_ / "elsewhere/config").string();
  c = get("cfg");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIACFG");
}

TEST_F(Credentials, MissingCredentialsSayWhatToRun) {
  auto none = get();
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().code, ErrorCode::kConfig);
  EXPECT_NE(none.error().message.find("profile \"default\""), std::string::npos) << none.error().message;
  EXPECT_NE(none.error().message.find("aws configure"), std::string::npos);
  auto named = get("prod");
  ASSERT_FALSE(named);
  EXPECT_NE(named.error().message.find("\"prod\""), std::string::npos) << named.error().message;
  EXPECT_NE(named.error().message.find("aws configure --profile prod"), std::string::npos);
  write(".aws/config", "[profile empty]\nregion = us-east-1\n");
  auto empty = get("empty");
  ASSERT_FALSE(empty);
  EXPECT_NE(empty.error().message.find("holds no credentials"), std::string::npos) << empty.error().message;
}

TEST_F(Credentials, CredentialProcess) {
  write("bin/creds.sh",
        "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROC\", \"SecretAccessKey\": \"procsecret\", "
        "\"SessionToken\": \"proctoken\", \"Expiration\": \"2026-11-25T11:00:00Z\"}'\n");
  fs::permissions(home_ / "bin/creds.sh", fs::perms::owner_all);
  write(".aws/config", "[profile proc]\ncredential_process = " + (home_ / "bin/creds.sh").string() +
                           " --flag \"quoted arg\"\n[profile failing]\ncredential_process = sh -c 'echo "
                           "SECRETSTDOUT; echo sso session expired >&2; exit 3'\n"
                           "[profile stale]\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"A\", "
                           "\"SecretAccessKey\": \"S\", \"Expiration\": \"2026-11-25T09:00:00Z\"}'\n");
  auto c = get("proc");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->access_key_id, "AKIAPROC");
  EXPECT_EQ(c->session_token, "proctoken");
  ASSERT_TRUE(c->expiration);
  EXPECT_EQ(*c->expiration, now_ + std::chrono::hours(1));
  auto f = get("failing");
  ASSERT_FALSE(f);
  EXPECT_NE(f.error().message.find("exit code 3"), std::string::npos) << f.error().message;
  EXPECT_NE(f.error().message.find("sso session expired"), std::string::npos);
  EXPECT_EQ(f.error().message.find("SECRETSTDOUT"), std::string::npos) << "stdout is never shown";
  auto stale = get("stale");
  ASSERT_FALSE(stale);
  EXPECT_NE(stale.error().message.find("expired"), std::string::npos) << stale.error().message;
}

TEST_F(Credentials, CachedUntilNearExpiry) {
  write("count", "");
  write("bin/counting.sh", "#!/bin/sh\necho x >> '" + (home_ / "count").string() +
                               "'\necho '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\", "
                               "\"Expiration\": \"2026-11-25T10:30:00Z\"}'\n");
  write(".aws/config", "[profile proc]\ncredential_process = sh '" + (home_ / "bin/counting.sh").string() + "'\n");
  AwsCredentialChain chain(env(), "proc", "", [this] { return now_; });
  ASSERT_TRUE(chain.get()) << chain.get().error().message;
  ASSERT_TRUE(chain.get());
  auto lines = [&] {
    std::ifstream in(home_ / "count");
    return std::count(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>(), '\n');
  };
  EXPECT_EQ(lines(), 1) << "the second get() used the cache";
  now_ += std::chrono::minutes(26);  // within five minutes of expiry
  ASSERT_TRUE(chain.get());
  EXPECT_EQ(lines(), 2);
  chain.invalidate();
  ASSERT_TRUE(chain.get());
  EXPECT_EQ(lines(), 3);
}

TEST_F(Credentials, CredentialProcessOutput) {
  EXPECT_TRUE(parse_credential_process_output(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"S"})", "p"));
  for (const char* bad : {"not json SECRET", R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"S"})",
                          R"({"Version":1,"AccessKeyId":"A"})",
                          R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"SECRET","Expiration":"soon"})"}) {
    auto r = parse_credential_process_output(bad, "p");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().message.find("SECRET"), std::string::npos) << r.error().message;
  }
}

TEST_F(Credentials, SsoWithoutALoginSaysToLogIn) {
  write(".aws/config",
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Dev\n"
        "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n"
        "[profile legacy]\nsso_start_url = https://old.awsapps.com/start\nsso_region = us-west-2\n"
        "sso_account_id = 1\nsso_role_name = R\n[profile broken]\nsso_session = nope\n");
  auto c = get("dev");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("aws sso login --profile dev"), std::string::npos) << c.error().message;
  EXPECT_EQ(hint_, "run `aws sso login --profile dev`");
  // An expired token in the AWS CLI's cache (named by the SHA-1 of the session name).
  write(".aws/sso/cache/" + sha1_hex("corp") + ".json",
        R"({"accessToken":"TOKEN","expiresAt":"2026-11-25T09:59:00Z","region":"us-east-1"})");
  c = get("dev");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("has expired"), std::string::npos) << c.error().message;
  EXPECT_NE(c.error().message.find("aws sso login --profile dev"), std::string::npos);
  EXPECT_EQ(c.error().message.find("TOKEN"), std::string::npos);
  write(".aws/sso/cache/" + sha1_hex("https://old.awsapps.com/start") + ".json",
        R"({"accessToken":"T","expiresAt":"2026-11-25T08:00:00UTC"})");
  c = get("legacy");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("has expired"), std::string::npos) << c.error().message;
  c = get("broken");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("[sso-session nope]"), std::string::npos) << c.error().message;
}

TEST_F(Credentials, RoleProfilesThatCannotWork) {
  write(".aws/config",
        "[profile mfa]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nmfa_serial = arn:aws:iam::1:mfa/u\n"
        "[profile nosource]\nrole_arn = arn:aws:iam::1:role/R\n"
        "[profile loop]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = loop2\n"
        "[profile loop2]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = loop\n"
        "[profile envsource]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Environment\n");
  auto c = get("mfa");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("MFA"), std::string::npos);
  c = get("nosource");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("no source_profile"), std::string::npos) << c.error().message;
  c = get("loop");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("circular"), std::string::npos) << c.error().message;
  c = get("envsource");
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().message.find("AWS_ACCESS_KEY_ID is not set"), std::string::npos) << c.error().message;
}

TEST(AwsConfig, IniDialect) {
  IniFile f = parse_aws_ini(
      "[default]\r\nregion=us-east-1\r\n[profile   spaced   name]\nKey = Value ; comment\n; whole comment\n"
      "[broken\nlost = 1\n[sso-session s]\nsso_region = eu-central-1\nurl = https://x/#fragment\n");
  EXPECT_EQ(f["default"]["region"], "us-east-1");
  EXPECT_EQ(f["profile spaced name"]["key"], "Value");
  EXPECT_EQ(f["sso-session s"]["sso_region"], "eu-central-1");
  EXPECT_EQ(f["sso-session s"]["url"], "https://x/#fragment") << "a # without whitespace before it is data";
  EXPECT_FALSE(f.contains("broken"));
}

TEST(AwsConfig, RegionsEndpointsAndTimes) {
  EXPECT_EQ(region_from_host("bedrock-runtime.us-east-1.amazonaws.com"), "us-east-1");
  EXPECT_EQ(region_from_host("bedrock-runtime-fips.us-gov-west-1.amazonaws.com"), "us-gov-west-1");
  EXPECT_EQ(region_from_host("vpce-0abc.bedrock-runtime.eu-west-3.vpce.amazonaws.com"), "eu-west-3");
  EXPECT_EQ(region_from_host("bedrock-runtime.cn-north-1.amazonaws.com.cn"), "cn-north-1");
  EXPECT_EQ(region_from_host("127.0.0.1"), "");
  std::map<std::string, std::string> vars = {{"AWS_ENDPOINT_URL", "http://global"}};
  AwsEnvironment env;
  env.get = [&vars](std::string_view n) -> std::optional<std::string> {
    auto it = vars.find(std::string(n));
    return it == vars.end() ? std::nullopt : std::optional(it->second);
  };
  EXPECT_EQ(aws_endpoint_override(env, "BEDROCK_RUNTIME"), "http://global");
  vars["AWS_ENDPOINT_URL_BEDROCK_RUNTIME"] = "http://bedrock";
  EXPECT_EQ(aws_endpoint_override(env, "BEDROCK_RUNTIME"), "http://bedrock");
  vars["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
  EXPECT_EQ(aws_endpoint_override(env, "BEDROCK_RUNTIME"), std::nullopt);
  auto t = [](const char* s) { return parse_aws_time(s); };
  auto base = system_clock::time_point(std::chrono::seconds(1795600800));
  EXPECT_EQ(t("2026-11-25T10:00:00Z"), base);
  EXPECT_EQ(t("2026-11-25T10:00:00.123Z"), base);
  EXPECT_EQ(t("2026-11-25T10:00:00UTC"), base);
  EXPECT_EQ(t("2026-11-25T11:00:00+01:00"), base);
  EXPECT_EQ(t("2026-11-25T09:00:00-0100"), base);
  EXPECT_GT(t("2999-01-01T00:00:00Z"), base) << "far-future dates do not overflow";
  EXPECT_EQ(t("yesterday"), std::nullopt);
  EXPECT_EQ(t("2026-11-25T10:00:00 garbage"), std::nullopt);
  EXPECT_EQ(sha1_hex("abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
}

}  // namespace
}  // namespace pair
