#pragma once
/// Provider for AWS Bedrock's Converse API: `POST /model/{modelId}/converse-stream`
/// signed with SigV4 (service `bedrock`), answered as an event stream. Any
/// model Bedrock serves (Claude, Llama, Qwen, Mistral, Nova, ...), by model id,
/// inference-profile id (`us.anthropic.claude-sonnet-4-6`) or ARN.
///
/// The endpoint is AWS_ENDPOINT_URL_BEDROCK_RUNTIME or AWS_ENDPOINT_URL when
/// set, else the entry's url, else https://bedrock-runtime.REGION.amazonaws.com.
/// The region (for signing) is the one in the endpoint's host name
/// (`bedrock-runtime.REGION.amazonaws.com`), else in the entry's url host, else
/// the entry's `region`, else AWS_REGION / AWS_DEFAULT_REGION, else the profile's.
/// Credentials come from the AWS chain (bedrock_credentials.h), resolved at
/// the first request, not at construction.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/model_provider.h"
#include "providers/bedrock_aws_config.h"
#include "providers/bedrock_credentials.h"

namespace pair {

class HttpClient;

struct BedrockProviderConfig {
  std::string url;                         ///< the models.json url; may be empty
  std::string model_id;                    ///< model id, inference-profile id or ARN (not yet URL-encoded)
  std::string region;                      ///< the entry's `region`; may be empty
  std::string profile;                     ///< the entry's `profile`; may be empty
  std::vector<std::string> extra_headers;  ///< "Name: value", sent and signed
  std::chrono::milliseconds connect_timeout{10'000};
  std::chrono::milliseconds idle_timeout{600'000};
  AwsEnvironment env = AwsEnvironment::from_process();
};

class BedrockProvider : public ModelProvider {
 public:
  explicit BedrockProvider(BedrockProviderConfig config);
  ~BedrockProvider() override;

  /// Thread affinity: one call at a time, from any one thread.
  Result<void> stream(const ChatRequest& request, const ModelEventHandler& on_event, std::stop_token stop) override;
  std::string describe() const override;

 private:
  struct Target {
    std::string endpoint;  ///< scheme://host[:port][/base path], no trailing '/'
    std::string host;      ///< the Host header value
    std::string base_path;
    std::string region;
  };
  Result<Target> target();
  std::string where() const;

  BedrockProviderConfig config_;
  std::unique_ptr<HttpClient> http_;
  std::optional<Target> target_;
  std::unique_ptr<AwsCredentialChain> credentials_;
};

}  // namespace pair
