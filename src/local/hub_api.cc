#include "local/hub_api.h"

#include <cstdlib>

#include "http/http_client.h"
#include "util/strings.h"

namespace pair {

Result<std::string> hub_get_json(HttpClient& http, const std::string& url, std::chrono::milliseconds connect_timeout,
                                 std::chrono::milliseconds total_timeout, std::stop_token stop, std::string* next) {
  HttpRequest rq;
  rq.method = "GET";
  rq.url = url;
  rq.headers = {"Accept: application/json"};
  if (std::string auth = hf_auth_header(); !auth.empty()) rq.headers.push_back(auth);
  rq.follow_redirects = true;
  rq.connect_timeout = connect_timeout;
  rq.total_timeout = total_timeout;
  auto r = http.send(rq, nullptr, stop);
  if (!r) return std::unexpected(r.error());
  if (r->status != 200) {
    std::string hint;
    if (r->status == 401 || r->status == 403)
      hint = ": the repository is gated or private (accept its terms on the Hub and set HF_TOKEN)";
    else if (r->status == 404)
      hint = ": no such repository (check the name)";
    return fail(ErrorCode::kHttp, "GET " + url + " answered HTTP " + std::to_string(r->status) + hint, r->status);
  }
  if (next) *next = next_page_link(r->header("link")).value_or("");
  return r->body;
}

bool hub_offline() {
  const char* v = std::getenv("HF_HUB_OFFLINE");
  if (!v) return false;
  std::string s = to_lower(v);
  return s == "1" || s == "true" || s == "yes" || s == "on";
}

Result<std::vector<HfFile>> hub_tree(HttpClient& http, const std::string& repo, const std::string& revision,
                                     std::chrono::milliseconds connect_timeout, std::chrono::milliseconds total_timeout,
                                     std::stop_token stop) {
  std::vector<HfFile> files;
  std::string url = hf_endpoint() + "/api/models/" + repo + "/tree/" + revision + "?recursive=true";
  for (int page = 0; !url.empty() && page < 100; ++page) {
    std::string next;
    auto body = hub_get_json(http, url, connect_timeout, total_timeout, stop, &next);
    if (!body) return std::unexpected(body.error());
    auto listed = parse_hf_tree(*body);
    if (!listed) return std::unexpected(listed.error());
    files.insert(files.end(), listed->begin(), listed->end());
    url = next;
  }
  return files;
}

Result<uint64_t> hub_quant_bytes(HttpClient& http, const HfModelRef& ref, std::chrono::milliseconds timeout) {
  auto files = hub_tree(http, ref.repo, "main", timeout, timeout);
  if (!files) return std::unexpected(files.error());
  auto chosen = select_quant_files(*files, ref);
  if (!chosen) return std::unexpected(chosen.error());
  uint64_t bytes = 0;
  for (const auto& f : *chosen) bytes += f.size;
  return bytes;
}

}  // namespace pair
