#include "providers/openai_server_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>

#include "http/http_client.h"
#include "providers/server_error.h"
#include "util/json_parse.h"
#include "util/url.h"

namespace pair {
namespace {

using nlohmann::json;

constexpr int64_t kOllamaDefaultWindow = 8192;

/// GET or POST a small JSON document. Any failure is an error; a non-JSON
/// body is kProtocol.
Result<json> json_request(HttpClient& http, const std::string& method, const std::string& url, const json* body,
                          std::stop_token stop, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  HttpRequest req;
  req.method = method;
  req.url = url;
  req.headers = {"Accept: application/json"};
  if (body) {
    req.body = dump_json(*body);
    req.headers.push_back("Content-Type: application/json");
  }
  req.connect_timeout = std::chrono::seconds(3);
  req.total_timeout = timeout;
  auto r = http.send(req, {}, stop);
  if (!r) return std::unexpected(r.error());
  if (r->status >= 300) return std::unexpected(server_error(r->status, r->body, url));
  auto j = parse_json(r->body, url);
  if (!j) return fail(ErrorCode::kProtocol, url + " did not answer with JSON (" + j.error().message + ")");
  return j;
}

/// A whole-number member; 0 when absent or of another type.
int64_t whole_number_of(const json& j, std::string_view key) {
  const json& v = json_member(j, key);
  return v.is_number_integer() ? json_as_int(v) : 0;
}

}  // namespace

std::string server_root(const std::string& base_url) {
  std::string root = base_url;
  if (root.ends_with("/v1")) root.resize(root.size() - 3);
  return root;
}

Result<DiscoveredWindow> discover_context_window(HttpClient& http, const std::string& base_url,
                                                 const std::string& model_id, bool llama_cpp, std::stop_token stop) {
  auto url = parse_url(base_url);
  if (!url || !is_local_host(url->host))
    return fail(ErrorCode::kNotFound, "remote servers are not asked for their window");
  std::string root = server_root(base_url);
  DiscoveredWindow out;

  if (llama_cpp) {
    if (auto props = json_request(http, "GET", root + "/props", nullptr, stop)) {
      int64_t n_ctx = whole_number_of(json_member(*props, "default_generation_settings"), "n_ctx");
      if (n_ctx > 0) {
        int64_t slots = std::clamp<int64_t>(whole_number_of(*props, "total_slots"), 1, INT_MAX);
        out.info = {n_ctx, static_cast<int>(slots), "llama-server /props"};
        return out;
      }
    }
  }
  // Ollama: the runtime window is whatever each request asks for (num_ctx),
  // else a small default it truncates to silently.
  if (auto version = json_request(http, "GET", root + "/api/version", nullptr, stop);
      version && version->contains("version")) {
    json show_body = {{"model", model_id}};
    int64_t train = 0;
    if (auto show = json_request(http, "POST", root + "/api/show", &show_body, stop)) {
      if (auto info = show->find("model_info"); info != show->end() && info->is_object())
        for (const auto& [key, value] : info->items())
          if (key.ends_with(".context_length") && value.is_number_integer()) train = json_as_int(value);
    }
    int64_t window = train > 0 ? std::min(train, kOllamaDefaultWindow) : kOllamaDefaultWindow;
    out.info = {window, 1, "Ollama (num_ctx " + std::to_string(window) + " sent with each request)"};
    out.ollama = true;
    return out;
  }
  // vLLM reports max_model_len per model.
  if (auto models = json_request(http, "GET", base_url + "/models", nullptr, stop)) {
    if (auto data = models->find("data"); data != models->end() && data->is_array()) {
      for (const auto& m : *data) {
        int64_t len = json_int_or(m, "max_model_len");
        if (len > 0 && (json_string_or(m, "id") == model_id || data->size() == 1)) {
          out.info = {len, 1, "vLLM /v1/models"};
          return out;
        }
      }
    }
  }
  // LM Studio's native API.
  if (auto m = json_request(http, "GET", root + "/api/v0/models/" + model_id, nullptr, stop)) {
    int64_t len = json_int_or(*m, "loaded_context_length");
    if (len > 0) {
      out.info = {len, 1, "LM Studio /api/v0/models"};
      return out;
    }
  }
  return fail(ErrorCode::kNotFound, "the server at " + base_url + " does not report its context window");
}

Result<int64_t> llama_count_tokens(HttpClient& http, const std::string& base_url, std::string_view text,
                                   std::stop_token stop) {
  json body = {{"content", std::string(text)}, {"add_special", false}};
  auto r = json_request(http, "POST", server_root(base_url) + "/tokenize", &body, stop);
  if (!r) return std::unexpected(r.error());
  auto tokens = r->find("tokens");
  if (tokens == r->end() || !tokens->is_array()) return fail(ErrorCode::kProtocol, "/tokenize answered without tokens");
  return static_cast<int64_t>(tokens->size());
}

Result<int64_t> llama_slot_action(HttpClient& http, const std::string& base_url, int slot, const std::string& action,
                                  const std::string& filename, std::stop_token stop) {
  json body = {{"filename", filename}};
  std::string url = server_root(base_url) + "/slots/" + std::to_string(slot) + "?action=" + action;
  // A large cache takes a while to write or read; no overall limit.
  auto r = json_request(http, "POST", url, &body, stop, std::chrono::milliseconds(0));
  if (!r) return std::unexpected(r.error());
  return json_int_or(*r, action == "save" ? "n_saved" : "n_restored");
}

}  // namespace pair
