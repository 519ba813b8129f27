#include "providers/bedrock_aws_config.h"

#include <time.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;

AwsEnvironment AwsEnvironment::from_process() {
  AwsEnvironment env;
  env.get = [](std::string_view name) -> std::optional<std::string> {
    const char* v = std::getenv(std::string(name).c_str());
    if (!v || !*v) return std::nullopt;
    return std::string(v);
  };
  env.home = home_dir();
  return env;
}

std::string AwsEnvironment::value_or(std::string_view name, std::string fallback) const {
  auto v = get ? get(name) : std::nullopt;
  return v ? *v : std::move(fallback);
}

IniFile parse_aws_ini(std::string_view text) {
  IniFile file;
  IniSection* section = nullptr;
  bool in_subsection = false;
  for (const std::string& raw : split_lines(text)) {
    std::string_view line = raw;
    if (line.ends_with('\r')) line.remove_suffix(1);
    std::string_view t = trim(line);
    if (t.empty() || t.starts_with('#') || t.starts_with(';')) continue;
    if (t.starts_with('[')) {
      size_t close = t.find(']');
      if (close == std::string_view::npos) {
        section = nullptr;
        continue;
      }
      // "[profile   dev]" names profile "dev"; collapse the inner spacing.
      std::vector<std::string> words;
      for (const std::string& w : split(t.substr(1, close - 1), ' '))
        if (!trim(w).empty()) words.emplace_back(trim(w));
      section = &file[join(words, " ")];
      in_subsection = false;
      continue;
    }
    if (!section) continue;
    bool indented = line.starts_with(' ') || line.starts_with('\t');
    if (indented && in_subsection) continue;  // a nested setting such as "s3 =\n  max_concurrent_requests = 20"
    size_t eq = t.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = to_lower(trim(t.substr(0, eq)));
    std::string_view value = trim(t.substr(eq + 1));
    // An inline comment needs whitespace before it: "region = us-east-1 # home".
    for (std::string_view mark : {" #", "\t#", " ;", "\t;"})
      if (size_t c = value.find(mark); c != std::string_view::npos) value = trim(value.substr(0, c));
    in_subsection = value.empty();
    if (!in_subsection) (*section)[key] = std::string(value);
  }
  return file;
}

Result<AwsSharedConfig> AwsSharedConfig::load(const AwsEnvironment& env) {
  AwsSharedConfig c;
  c.config_path = expand_home(env.value_or("AWS_CONFIG_FILE", (env.home / ".aws" / "config").string()));
  c.credentials_path =
      expand_home(env.value_or("AWS_SHARED_CREDENTIALS_FILE", (env.home / ".aws" / "credentials").string()));
  for (auto [path, out] : {std::pair{&c.config_path, &c.config_}, std::pair{&c.credentials_path, &c.credentials_}}) {
    std::error_code ec;
    if (!fs::exists(*path, ec)) continue;
    auto text = read_file_to_string(*path);
    if (!text) return std::unexpected(text.error());
    *out = parse_aws_ini(*text);
  }
  return c;
}

AwsSharedConfig AwsSharedConfig::from_text(std::string_view config, std::string_view credentials) {
  AwsSharedConfig c;
  c.config_ = parse_aws_ini(config);
  c.credentials_ = parse_aws_ini(credentials);
  c.config_path = "~/.aws/config";
  c.credentials_path = "~/.aws/credentials";
  return c;
}

const IniSection* AwsSharedConfig::config_profile(std::string_view name) const {
  // The config file names profiles "[profile x]"; "default" may be either "[default]" or "[profile default]".
  if (auto it = config_.find("profile " + std::string(name)); it != config_.end()) return &it->second;
  if (name == "default")
    if (auto it = config_.find("default"); it != config_.end()) return &it->second;
  return nullptr;
}

const IniSection* AwsSharedConfig::credentials_profile(std::string_view name) const {
  auto it = credentials_.find(std::string(name));
  return it == credentials_.end() ? nullptr : &it->second;
}

const IniSection* AwsSharedConfig::sso_session(std::string_view name) const {
  auto it = config_.find("sso-session " + std::string(name));
  return it == config_.end() ? nullptr : &it->second;
}

bool AwsSharedConfig::has_profile(std::string_view name) const {
  return config_profile(name) || credentials_profile(name);
}

std::string ini_value(const IniSection* section, const std::string& key) {
  if (!section) return "";
  auto it = section->find(key);
  return it == section->end() ? "" : it->second;
}

std::string aws_profile_name(const AwsEnvironment& env, std::string_view entry_profile, bool* explicitly) {
  std::string name(entry_profile);
  if (name.empty()) name = env.value_or("AWS_PROFILE", "");
  if (explicitly) *explicitly = !name.empty();
  return name.empty() ? "default" : name;
}

std::string region_from_host(std::string_view host) {
  std::vector<std::string> labels = split(host, '.');
  for (size_t i = 0; i + 1 < labels.size(); ++i)
    if (labels[i] == "bedrock-runtime" || labels[i] == "bedrock-runtime-fips") return labels[i + 1];
  return "";
}

std::optional<std::string> aws_endpoint_override(const AwsEnvironment& env, std::string_view service_env_suffix) {
  if (to_lower(env.value_or("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "")) == "true") return std::nullopt;
  if (auto v = env.get("AWS_ENDPOINT_URL_" + std::string(service_env_suffix))) return v;
  return env.get("AWS_ENDPOINT_URL");
}

std::string host_header(const Url& url) {
  bool default_port = (url.scheme == "https" && url.port == 443) || (url.scheme == "http" && url.port == 80);
  std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  return default_port ? host : host + ":" + std::to_string(url.port);
}

std::optional<std::chrono::system_clock::time_point> parse_aws_time(std::string_view text) {
  std::string s(trim(text));
  std::tm tm{};
  const char* rest = strptime(s.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  std::string_view tail(rest);
  if (tail.starts_with('.')) {  // fractions of a second
    tail.remove_prefix(1);
    while (!tail.empty() && tail[0] >= '0' && tail[0] <= '9') tail.remove_prefix(1);
  }
  long offset = 0;
  if (tail == "Z" || tail == "UTC" || tail.empty()) {
  } else if ((tail[0] == '+' || tail[0] == '-') && tail.size() >= 5) {
    std::string digits;
    for (char c : tail.substr(1))
      if (c >= '0' && c <= '9') digits += c;
    if (digits.size() != 4) return std::nullopt;
    offset = (std::stol(digits.substr(0, 2)) * 60 + std::stol(digits.substr(2))) * 60;
    if (tail[0] == '-') offset = -offset;
  } else {
    return std::nullopt;
  }
  std::time_t t = timegm(&tm);
  if (t == -1) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits (up to 2262): "never expires" dates are clamped.
  constexpr std::time_t kLatest = 7258118400;  // 2200-01-01
  return std::chrono::system_clock::from_time_t(std::min(t - offset, kLatest));
}

}  // namespace pair
