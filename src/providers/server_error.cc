#include "providers/server_error.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

/// Message and type from the shapes servers use:
/// {"error":{"message","type","code"}}, {"error":"text"}, {"message":...}
/// (vLLM), {"detail":...} (FastAPI).
void extract(const json& j, std::string* message, std::string* type) {
  if (!j.is_object()) return;
  const json* e = &j;
  if (auto it = j.find("error"); it != j.end()) {
    if (it->is_string()) {
      *message = json_as_string(*it);
      return;
    }
    if (it->is_object()) e = &*it;
  }
  for (const char* key : {"message", "detail", "msg"}) {
    if (auto it = e->find(key); it != e->end()) {
      *message = it->is_string() ? json_as_string(*it) : dump_json(*it);
      break;
    }
  }
  for (const char* key : {"type", "code"}) {
    if (auto it = e->find(key); it != e->end() && it->is_string()) {
      *type = json_as_string(*it);
      break;
    }
  }
}

bool is_context_overflow(std::string_view type, std::string_view message) {
  std::string m = to_lower(message);
  return type == "exceed_context_size_error" || type == "context_length_exceeded" ||
         m.find("maximum context length") != std::string::npos ||
         m.find("exceeds the available context size") != std::string::npos ||
         m.find("context length exceeded") != std::string::npos || m.find("prompt is too long") != std::string::npos;
}

}  // namespace

Error server_error(int http_status, std::string_view body, std::string_view url) {
  std::string message, type;
  if (auto j = parse_json(body, "the error body")) extract(*j, &message, &type);
  if (message.empty()) {
    std::string_view text = trim(body);
    message = utf8_sanitize(text.substr(0, utf8_safe_cut(text, 500)));
  }
  if (message.empty()) message = "(no message)";
  std::string where = http_status ? "HTTP " + std::to_string(http_status) : "an error in the stream";
  std::string text = "model server at " + std::string(url) + " answered with " + where + ": " + message;
  if (!type.empty() && message.find(type) == std::string::npos) text += " [" + type + "]";
  if (is_context_overflow(type, message)) return {ErrorCode::kContextOverflow, text, http_status};
  if (http_status == 401 || http_status == 403) text += ". Check the API key (the model's api_key_env in models.json)";
  if (http_status == 404) text += ". Check the model's url (it should end in /v1) and modelId in models.json";
  return {ErrorCode::kHttp, text, http_status ? http_status : 500};
}

}  // namespace pair
