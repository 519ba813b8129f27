#include "config/model_entry_trust.h"

#include "util/strings.h"
#include "util/url.h"

namespace pair {

std::vector<std::string> entry_effects_needing_trust(const ModelConfig& m) {
  std::vector<std::string> out;
  auto url = parse_url(m.base_url);
  bool on_this_machine = url && is_loopback_host(url->host);
  if (m.provider == ProviderKind::kBedrock)
    out.push_back("sign requests to " + m.base_url + " with your AWS credentials" +
                  (m.profile.empty() ? "" : " (profile " + m.profile + ")"));
  else if (!on_this_machine)
    out.push_back("send the conversation to " + m.base_url);
  if (!m.api_key_env.empty()) out.push_back("send $" + m.api_key_env + " to " + (url ? url->host : m.base_url));
  if (!m.headers.empty()) {
    std::vector<std::string> names;
    for (const auto& h : m.headers) names.push_back(h.substr(0, h.find(':')));
    out.push_back("add the HTTP headers " + join(names, ", ") + " to its requests");
  }
  std::string server = m.server == ServerKind::kVllm ? "vLLM" : "llama-server";
  if (!m.gguf.empty()) out.push_back("start " + server + " for " + m.gguf);
  if (!m.hf.empty()) out.push_back("download " + m.hf + " and start " + server + " for it");
  // A draft model is a second download and a second file the server loads: named apart, so the
  // user sees it before trusting the project.
  if (!m.speculative.draft_gguf.empty())
    out.push_back("start " + server + " with the draft model " + m.speculative.draft_gguf);
  if (!m.speculative.draft_hf.empty())
    out.push_back("download the draft model " + m.speculative.draft_hf + " and start " + server + " with it");
  if (!m.server_args.empty()) out.push_back("start the server with the arguments " + join(m.server_args, " "));
  return out;
}

}  // namespace pair
