#include "app/provider_factory.h"

#include <cstdlib>

#include "providers/bedrock_aws_config.h"
#include "providers/bedrock_provider.h"
#include "providers/openai_provider.h"
#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

bool from_user_file(const ModelConfig& m) {
  std::error_code ec;
  return m.source.empty() || fs::equivalent(m.source, config_dir() / "models.json", ec);
}

/// The user's own models.json entries (none when it is missing or broken).
std::vector<ModelConfig> user_entries() {
  fs::path user_file = config_dir() / "models.json";
  auto text = read_file_to_string(user_file);
  if (!text) return {};
  auto user = parse_models_json(*text, user_file);
  return user ? user->models : std::vector<ModelConfig>();
}

bool same_origin(const std::string& base_url, const Url& url) {
  auto u = parse_url(base_url);
  return u && u->scheme == url.scheme && u->host == url.host && u->port == url.port;
}

// A project's models.json comes with the repository, whoever wrote it. It may name a key only for
// this machine, or for a host the user's own models.json already sends that same key to;
// otherwise a cloned repository could send the user's $OPENAI_API_KEY (or any variable) anywhere.
bool key_may_go_to(const ModelConfig& m, const Url& url) {
  if (from_user_file(m) || is_loopback_host(url.host)) return true;
  for (const auto& u : user_entries())
    if (u.provider == ProviderKind::kOpenAI && u.api_key_env == m.api_key_env && same_origin(u.base_url, url))
      return true;
  return false;
}

/// AWS's own endpoints: bedrock-runtime[-fips].REGION.amazonaws.com[.cn] and VPC endpoints below it.
bool is_aws_host(const std::string& host) {
  for (std::string_view suffix : {".amazonaws.com", ".amazonaws.com.cn"})
    if (host.ends_with(suffix) && host.find("bedrock-runtime") != std::string::npos) return true;
  return false;
}

// The same rule for AWS credentials: a project's Bedrock entry signs requests (with the user's access
// key id and session token in them) only for AWS itself, this machine, an endpoint the user set in
// AWS_ENDPOINT_URL*, or a host the user's own models.json sends Bedrock requests to.
Result<void> aws_credentials_may_go_to(const ModelConfig& m) {
  if (from_user_file(m)) return {};
  if (aws_endpoint_override(AwsEnvironment::from_process(), "BEDROCK_RUNTIME")) return {};  // the user's endpoint
  auto url = parse_url(m.base_url);
  if (!url) return std::unexpected(url.error());
  if (is_aws_host(url->host) || is_loopback_host(url->host)) return {};
  for (const auto& u : user_entries())
    if (u.provider == ProviderKind::kBedrock && same_origin(u.base_url, *url)) return {};
  return fail(ErrorCode::kConfig, m.source.string() + ":" + std::to_string(m.line) + ": model \"" + m.name +
                                      "\" would sign requests to " + url->host +
                                      " with your AWS credentials. pair sends them from a project's models.json only "
                                      "to AWS, this machine, or a host your own " +
                                      (config_dir() / "models.json").string() +
                                      " sends Bedrock requests to: add the entry there if you trust it");
}

}  // namespace

Result<std::string> api_key_for(const ModelConfig& m, const Url& url) {
  std::string var = m.api_key_env;
  if (var.empty() && url.host == "api.openai.com") var = "OPENAI_API_KEY";
  if (var.empty()) return std::string();
  const char* value = std::getenv(var.c_str());
  if (!value || !*value)
    return fail(ErrorCode::kConfig, "model \"" + m.name + "\" needs an API key: set the environment variable " + var +
                                        (m.source.empty() ? "" : " (api_key_env in " + m.source.string() + ")"));
  if (!m.api_key_env.empty() && !key_may_go_to(m, url))
    return fail(ErrorCode::kConfig, m.source.string() + ": model \"" + m.name + "\" would send $" + var + " to " +
                                        url.host + ". pair sends a key named in a project's models.json only to this " +
                                        "machine or to a host your own " + (config_dir() / "models.json").string() +
                                        " sends it to: add the entry there if you trust it");
  return std::string(value);
}

GenerationOptions generation_options(const ModelConfig& m) {
  return {.temperature = m.temperature,
          .top_p = m.top_p,
          .max_tokens = m.max_tokens,
          .reasoning = {.budget = m.reasoning_budget, .effort = m.reasoning_effort}};
}

Result<std::unique_ptr<ModelProvider>> make_provider(const ModelConfig& m) {
  auto url = parse_url(m.base_url);
  if (!url) return std::unexpected(url.error());
  switch (m.provider) {
    case ProviderKind::kOpenAI: {
      auto key = api_key_for(m, *url);
      if (!key) return std::unexpected(key.error());
      OpenAIProviderConfig c;
      c.base_url = m.base_url;
      c.api_key = *key;
      c.extra_headers = m.headers;
      c.request.model_id = m.model_id;
      c.request.llama_cpp_extensions = m.llama_cpp.value_or(is_local_host(url->host));
      c.request.ollama_num_ctx = m.ollama_num_ctx.value_or(0);
      if (m.idle_timeout_s) c.idle_timeout = std::chrono::seconds(*m.idle_timeout_s);
      c.context_window = m.context_window.value_or(0);
      c.managed_server = m.is_managed();
      return std::unique_ptr<ModelProvider>(std::make_unique<OpenAIProvider>(std::move(c)));
    }
    case ProviderKind::kBedrock: {
      if (auto allowed = aws_credentials_may_go_to(m); !allowed) return std::unexpected(allowed.error());
      BedrockProviderConfig c;
      c.url = m.base_url;
      c.model_id = m.model_id;
      c.region = m.region;
      c.profile = m.profile;
      c.extra_headers = m.headers;
      if (m.idle_timeout_s) c.idle_timeout = std::chrono::seconds(*m.idle_timeout_s);
      return std::unique_ptr<ModelProvider>(std::make_unique<BedrockProvider>(std::move(c)));
    }
  }
  return fail(ErrorCode::kInternal, "unknown provider");
}

}  // namespace pair
