#include "providers/bedrock_provider.h"

#include "http/http_client.h"
#include "providers/bedrock_converse_request.h"
#include "providers/bedrock_converse_stream.h"
#include "providers/bedrock_errors.h"
#include "providers/bedrock_sigv4.h"
#include "util/sha256.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace {

std::string strip_query(std::string path) {
  if (size_t q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  while (path.ends_with('/')) path.pop_back();
  return path;
}

}  // namespace

BedrockProvider::BedrockProvider(BedrockProviderConfig config)
    : config_(std::move(config)), http_(std::make_unique<HttpClient>()) {}

BedrockProvider::~BedrockProvider() = default;

std::string BedrockProvider::describe() const {
  std::string endpoint = target_ ? target_->endpoint : config_.url;
  return "bedrock " + (endpoint.empty() ? std::string("(region endpoint)") : endpoint) + " (" + config_.model_id + ")";
}

std::string BedrockProvider::where() const {
  return "Bedrock at " + (target_ ? target_->endpoint : config_.url) + " (model " + config_.model_id + ")";
}

Result<BedrockProvider::Target> BedrockProvider::target() {
  if (target_) return *target_;
  const AwsEnvironment& env = config_.env;
  std::string endpoint = aws_endpoint_override(env, "BEDROCK_RUNTIME").value_or(config_.url);
  // A region in the host name is the one the endpoint signs for: it comes first.
  std::string region;
  for (const std::string* u : {&endpoint, &config_.url}) {
    if (!region.empty() || u->empty()) continue;
    if (auto parsed = parse_url(*u)) region = region_from_host(parsed->host);
  }
  if (region.empty()) region = config_.region;
  if (region.empty()) region = env.value_or("AWS_REGION", env.value_or("AWS_DEFAULT_REGION", ""));
  credentials_ = std::make_unique<AwsCredentialChain>(env, config_.profile, region);
  if (region.empty()) {
    auto from_profile = credentials_->profile_region();
    if (!from_profile) return std::unexpected(from_profile.error());
    region = *from_profile;
  }
  if (region.empty())
    return fail(ErrorCode::kConfig, "no AWS region for Bedrock model " + config_.model_id +
                                        ": set \"region\" in its models.json entry (or AWS_REGION, or region in "
                                        "the AWS profile \"" +
                                        credentials_->profile() + "\")");
  if (endpoint.empty()) endpoint = "https://bedrock-runtime." + region + ".amazonaws.com";
  auto url = parse_url(endpoint);
  if (!url) return fail(ErrorCode::kConfig, "the Bedrock endpoint " + endpoint + ": " + url.error().message);
  Target t;
  t.base_path = strip_query(url->path);
  t.endpoint = url->scheme + "://" + host_header(*url) + t.base_path;
  t.host = host_header(*url);
  t.region = region;
  target_ = t;
  return t;
}

Result<void> BedrockProvider::stream(const ChatRequest& request, const ModelEventHandler& on_event,
                                     std::stop_token stop) {
  auto t = target();
  if (!t) return std::unexpected(t.error());
  auto credentials = credentials_->get(stop);
  if (!credentials) return std::unexpected(credentials.error());

  std::string body = build_converse_request_body(request);
  SigV4Request sig;
  sig.method = "POST";
  // The model id is one path segment: ':' and '/' of ARNs are percent-encoded.
  sig.path = t->base_path + "/model/" + aws_uri_encode(config_.model_id, /*keep_slash=*/false) + "/converse-stream";
  sig.headers = {{"host", t->host},
                 {"content-type", "application/json"},
                 {"accept", "application/vnd.amazon.eventstream"},
                 {"x-amz-content-sha256", sha256_hex(body)}};  // as AWS's SDKs send it
  for (const std::string& h : config_.extra_headers) {
    size_t colon = h.find(':');
    if (colon != std::string::npos) sig.headers.emplace_back(trim(h.substr(0, colon)), trim(h.substr(colon + 1)));
  }
  sig.body = body;
  sigv4_sign(sig, *credentials, {t->region, "bedrock"}, std::chrono::system_clock::now());

  HttpRequest http;
  http.url = t->endpoint.substr(0, t->endpoint.size() - t->base_path.size()) + sig.path;
  http.body = std::move(body);
  for (const auto& [name, value] : sig.headers) http.headers.push_back(name + ": " + value);
  http.connect_timeout = config_.connect_timeout;
  http.idle_timeout = config_.idle_timeout;
  http.stream_batch = kTokenStreamBatch;

  ConverseStreamDecoder decoder(on_event, where());
  BodyHandler on_body = [&](std::string_view bytes) { return decoder.feed(bytes); };
  auto response = http_->send(http, on_body, stop);
  if (!response) {
    // A cut connection after a complete answer is not an error.
    if (response.error().code == ErrorCode::kDisconnected && decoder.saw_message_stop()) return decoder.finish();
    return std::unexpected(response.error());
  }
  if (response->status >= 300) {
    std::string type = response->header("x-amzn-errortype");
    Error e = bedrock_http_error(response->status, type, response->body, where());
    if (is_credential_rejection(type) || (type.empty() && response->status == 403)) {
      credentials_->invalidate();
      e.message += std::string(e.message.ends_with('.') ? " " : ". ") + "AWS refused the credentials from " +
                   credentials->source + ": " + credentials_->renewal_hint();
    }
    return std::unexpected(e);
  }
  return decoder.finish();
}

}  // namespace pair
