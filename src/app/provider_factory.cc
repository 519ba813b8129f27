#include "app/provider_factory.h"

#include <cstdlib>

#include "providers/bedrock_provider.h"
#include "providers/openai_provider.h"
#include "util/url.h"

namespace pair {

namespace {

Result<std::string> api_key(const ModelConfig& m, const Url& url) {
  std::string var = m.api_key_env;
  if (var.empty() && url.host == "api.openai.com") var = "OPENAI_API_KEY";
  if (var.empty()) return std::string();
  const char* value = std::getenv(var.c_str());
  if (!value || !*value)
    return fail(ErrorCode::kConfig, "model \"" + m.name + "\" needs an API key: set the environment variable " + var +
                                        (m.source.empty() ? "" : " (api_key_env in " + m.source.string() + ")"));
  return std::string(value);
}

}  // namespace

GenerationOptions generation_options(const ModelConfig& m) {
  return {m.temperature, m.top_p, m.max_tokens};
}

Result<std::unique_ptr<ModelProvider>> make_provider(const ModelConfig& m) {
  auto url = parse_url(m.base_url);
  if (!url) return std::unexpected(url.error());
  switch (m.provider) {
    case ProviderKind::kOpenAI: {
      auto key = api_key(m, *url);
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
      return std::unique_ptr<ModelProvider>(std::make_unique<OpenAIProvider>(std::move(c)));
    }
    case ProviderKind::kBedrock: {
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
