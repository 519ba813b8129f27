#include "providers/bedrock_errors.h"

#include <nlohmann/json.hpp>

#include "providers/provider_error.h"
#include "util/json_parse.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

struct KnownType {
  const char* name;
  int status;
};

// The exceptions ConverseStream documents, with their HTTP statuses.
constexpr KnownType kKnownTypes[] = {
    {"ThrottlingException", 429},       {"ServiceUnavailableException", 503},   {"ModelNotReadyException", 429},
    {"InternalServerException", 500},   {"ValidationException", 400},           {"AccessDeniedException", 403},
    {"ResourceNotFoundException", 404}, {"ModelTimeoutException", 408},         {"ModelErrorException", 424},
    {"ModelStreamErrorException", 424}, {"ServiceQuotaExceededException", 400}, {"ConflictException", 400},
};

std::string hint(std::string_view type, std::string_view message) {
  if (type == "AccessDeniedException")
    return "The credentials are valid but may not call bedrock:InvokeModelWithResponseStream for this model, or "
           "access to the model is not enabled in this region (Bedrock console, Model access)";
  if (type == "ResourceNotFoundException")
    return "Check the modelId and the region in models.json (cross-region inference profiles such as "
           "us.anthropic... exist only in their own geography)";
  if (type == "ThrottlingException" || type == "ServiceQuotaExceededException")
    return "Wait a little, or ask for a higher quota (Service Quotas, Amazon Bedrock)";
  if (type == "ValidationException" && to_lower(message).find("model identifier is invalid") != std::string::npos)
    return "Check the modelId in models.json";
  return "";
}

}  // namespace

std::string bedrock_error_type(std::string_view raw) {
  std::string_view t = trim(raw);
  if (size_t colon = t.find(':'); colon != std::string_view::npos) t = t.substr(0, colon);
  if (size_t hash = t.rfind('#'); hash != std::string_view::npos) t = t.substr(hash + 1);  // "aws.protocol#Type"
  std::string out(t);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
  return out;
}

bool is_credential_rejection(std::string_view raw) {
  std::string type = bedrock_error_type(raw);
  for (const char* t : {"UnrecognizedClientException", "InvalidSignatureException", "SignatureDoesNotMatch",
                        "IncompleteSignatureException", "MissingAuthenticationTokenException", "ExpiredTokenException",
                        "ExpiredToken", "InvalidClientTokenId", "MissingAuthenticationToken"})
    if (type == t) return true;
  return false;
}

Error bedrock_error(std::string_view raw_type, std::string_view message, int http_status, std::string_view where) {
  std::string type = bedrock_error_type(raw_type);
  int status = http_status;
  if (status == 0) {
    status = 400;
    for (const auto& k : kKnownTypes)
      if (type == k.name) status = k.status;
  }
  std::string text = std::string(where) + " answered with " + (type.empty() ? "an error" : type) + " (HTTP " +
                     std::to_string(status) + "): " + (message.empty() ? "(no message)" : std::string(message));
  if (type == "ValidationException" && is_context_overflow("", message)) {
    Error e(ErrorCode::kContextOverflow, text, status);
    e.window = window_from_overflow_message(message);
    return e;
  }
  // AWS's SDKs retry these; the agent does too, while nothing has arrived yet.
  if (type == "ThrottlingException" || type == "ModelNotReadyException") status = 429;
  if (type == "ServiceUnavailableException") status = 503;
  if (std::string h = hint(type, message); !h.empty()) text += (text.ends_with('.') ? " " : ". ") + h;
  if (type == "AccessDeniedException" || is_credential_rejection(type) ||
      (type.empty() && (status == 401 || status == 403)))
    return {ErrorCode::kAuth, text, status};
  if (type == "ResourceNotFoundException") return {ErrorCode::kNotFound, text, status};
  return {ErrorCode::kHttp, text, status};
}

Error bedrock_http_error(int http_status, std::string_view error_type_header, std::string_view body,
                         std::string_view where) {
  std::string type(error_type_header), message;
  json j = parse_json(body, "the error body").value_or(json());
  if (j.is_object()) {
    for (const char* key : {"message", "Message", "errorMessage"})
      if (auto it = j.find(key); it != j.end() && it->is_string()) {
        message = json_as_string(*it);
        break;
      }
    if (type.empty())
      if (auto it = j.find("__type"); it != j.end() && it->is_string()) type = json_as_string(*it);
  }
  if (message.empty()) {
    std::string_view text = trim(body);
    message = utf8_sanitize(text.substr(0, utf8_safe_cut(text, 500)));
  }
  return bedrock_error(type, message, http_status, where);
}

}  // namespace pair
