#include "providers/server_error.h"

#include <nlohmann/json.hpp>

#include "providers/provider_error.h"
#include "util/json_parse.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

using nlohmann::json;

/// Message and type from the shapes servers use:
/// {"error":{"message","type","code"}}, {"error":"text"}, {"message":...}
/// (vLLM), {"detail":...} (FastAPI).
void extract(const json& j, std::string* message, std::string* type, int64_t* n_ctx) {
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
  // llama.cpp names the window beside its exceed_context_size_error.
  if (const json& v = json_member(*e, "n_ctx"); v.is_number_integer()) *n_ctx = json_as_int(v);
}

}  // namespace

Error server_error(int http_status, std::string_view body, std::string_view url) {
  std::string message, type;
  int64_t n_ctx = 0;
  if (auto j = parse_json(body, "the error body")) {
    extract(*j, &message, &type, &n_ctx);
  } else if (http_status && is_html_page(body)) {
    return wrong_server_error(http_status, body, url);
  }
  if (message.empty()) {
    std::string_view text = trim(body);
    message = utf8_sanitize(text.substr(0, utf8_safe_cut(text, 500)));
  }
  if (message.empty()) message = "(no message)";
  std::string where = http_status ? "HTTP " + std::to_string(http_status) : "an error in the stream";
  std::string text = "model server at " + std::string(url) + " answered with " + where + ": " + message;
  if (!type.empty() && message.find(type) == std::string::npos) text += " [" + type + "]";
  if (is_context_overflow(type, message)) {
    Error e(ErrorCode::kContextOverflow, text, http_status);
    e.window = n_ctx > 0 ? n_ctx : window_from_overflow_message(message);
    return e;
  }
  if (http_status == 401 || http_status == 403)
    return {ErrorCode::kAuth, text + ". Check the API key (the model's api_key_env in models.json)", http_status};
  if (http_status == 404) {
    // A model the server does not serve, or a path it does not have.
    bool model = type == "model_not_found" || to_lower(message).find("model") != std::string::npos;
    if (model) return {ErrorCode::kNotFound, text + ". Check the model's modelId in models.json", http_status};
    std::string advice = url.ends_with("/v1") ? ". Check the url in models.json: the server has no such endpoint"
                                              : ". Check the model's url in models.json (it usually ends in /v1)";
    return {ErrorCode::kNotFound, text + advice, http_status};
  }
  return {ErrorCode::kHttp, text, http_status ? http_status : 500};
}

}  // namespace pair
