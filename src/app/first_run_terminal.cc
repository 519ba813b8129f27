// configure_interactively: the first-run question on the real terminal, with the network and
// llama.cpp behind its hooks.
#include <signal.h>

#include <csignal>

#include "app/commands/local_cli.h"
#include "app/first_run_prompt.h"
#include "app/progress_line.h"
#include "app/project_trust_gate.h"
#include "http/http_client.h"
#include "local/gguf_model.h"
#include "local/llama_install.h"
#include "local/memory_probe.h"
#include "local/model_store.h"
#include "util/byte_size.h"
#include "util/paths.h"
#include "util/url.h"

namespace pair {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;
void note_interrupt(int) {
  g_interrupted = 1;
}

/// Sets what SIGINT does for a scope. While the question waits for a line,
/// Ctrl+C only ends the read (no SA_RESTART), so the prompt can say that
/// nothing was saved; a download or build in between gets the default back.
class ScopedSigint {
 public:
  explicit ScopedSigint(void (*handler)(int)) {
    struct sigaction sa {};
    sa.sa_handler = handler;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_);
  }
  ~ScopedSigint() { ::sigaction(SIGINT, &old_, nullptr); }
  ScopedSigint(const ScopedSigint&) = delete;
  ScopedSigint& operator=(const ScopedSigint&) = delete;

 private:
  struct sigaction old_ {};
};

/// A quick try of a server URL: any HTTP answer counts, even an error status.
std::optional<std::string> url_problem(const std::string& url) {
  HttpClient http;
  HttpRequest rq;
  rq.method = "GET";
  rq.url = url;
  rq.connect_timeout = std::chrono::milliseconds(3000);
  rq.total_timeout = std::chrono::milliseconds(5000);
  rq.max_body_bytes = 1024;
  auto r = http.send(rq, BodyHandler{});
  if (r) return std::nullopt;
  return r.error().code == ErrorCode::kTimeout ? "no answer within a few seconds" : r.error().message;
}

}  // namespace

Result<FirstRunEnd> configure_interactively(const std::filesystem::path& workspace, const std::string& model_name) {
  // The project's files are judged first: whether they apply decides what is configured.
  auto trust = summarize_project_trust(workspace);
  if (!trust) return std::unexpected(trust.error());
  if (auto asked = ask_project_trust(stdin, stderr, *trust); !asked) return std::unexpected(asked.error());
  if (auto again = summarize_project_trust(workspace); again)
    for (const auto& line : untrusted_project_notice(*again)) std::fprintf(stderr, "pair: %s\n", line.c_str());
  auto models = load_models(workspace);
  if (!models) return std::unexpected(models.error());
  if (!nothing_configured(*models, model_name)) return FirstRunEnd::kSaved;
  FirstRunHooks hooks;
  hooks.download_size = [](const std::string& hf) -> Result<uint64_t> {
    auto ref = parse_hf_ref(hf);
    if (!ref) return std::unexpected(ref.error());
    HttpClient http;
    auto sel = query_hf(http, *ref);
    if (!sel) return std::unexpected(sel.error());
    return sel->bytes();
  };
  hooks.download = [](const std::string& hf) -> Result<void> {
    auto ref = parse_hf_ref(hf);
    if (!ref) return std::unexpected(ref.error());
    ScopedSigint usual(SIG_DFL);
    ProgressLine progress;
    PullOptions o;
    o.on_progress = [&](const PullProgress& p) { progress.update(format_pull_progress(p)); };
    auto pulled = pull_model(*ref, o);
    progress.clear();
    if (!pulled) return std::unexpected(pulled.error());
    return {};
  };
  hooks.check_gguf = [](const std::string& path) -> Result<std::string> {
    auto info = read_gguf_model(expand_home(path));
    if (!info) return std::unexpected(info.error());
    return "A " + info->architecture + " model, " + format_parameters(info->parameters) + " parameters, " +
           (info->file_type.empty() ? std::string("") : info->file_type + ", ") + format_bytes(info->file_bytes) + ".";
  };
  hooks.llama_available = [] { return find_llama_install(false).has_value(); };
  hooks.build_llama = []() -> Result<void> {
    ScopedSigint usual(SIG_DFL);
    auto built = build_llama_cpp(stderr);
    if (!built) return std::unexpected(built.error());
    std::fprintf(stderr, "llama.cpp is ready: llama-server %s (%s)\n", built->version.c_str(), built->backend.c_str());
    return {};
  };
  hooks.url_problem = url_problem;
  hooks.interrupted = [] { return g_interrupted != 0; };
  g_interrupted = 0;
  ScopedSigint catch_interrupt(note_interrupt);
  auto asked = run_first_run_prompt(stdin, stderr, first_run_facts(), hooks, config_dir() / "models.json");
  if (!asked) return std::unexpected(asked.error());
  return asked->end;
}

}  // namespace pair
