#include "app/first_run_prompt.h"

#include "local/gguf_model.h"
#include "util/byte_size.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace {

std::optional<std::string> ask(std::FILE* in, std::FILE* out, const std::string& question) {
  std::fputs(question.c_str(), out);
  std::fflush(out);
  std::string line;
  for (int c; (c = std::fgetc(in)) != EOF;) {
    if (c == '\n') return std::string(trim(line));
    line += static_cast<char>(c);
  }
  if (!line.empty()) return std::string(trim(line));
  std::fputc('\n', out);
  return std::nullopt;  // end of input
}

bool yes(const std::string& answer) {
  return answer.empty() || answer == "y" || answer == "Y" || answer == "yes";
}

}  // namespace

Result<std::optional<NewModelEntry>> run_first_run_prompt(std::FILE* in, std::FILE* out, const FirstRunFacts& facts,
                                                          const FirstRunHooks& hooks,
                                                          const std::filesystem::path& models_json) {
  std::fprintf(out,
               "pair needs a model: no models.json was found and nothing is listening on http://localhost:8004.\n\n");
  const auto& rec = facts.recommendation;
  if (rec)
    std::fprintf(out, "  1) Download %s\n     chosen for this machine's memory (%s RAM free%s), about %s\n",
                 rec->label.c_str(), format_gib(facts.memory.ram_available).c_str(),
                 facts.memory.has_gpu() ? ", GPU counted" : "", format_bytes(rec->approx_bytes).c_str());
  else
    std::fprintf(out, "  1) (no recommended local model fits in this machine's free memory)\n");
  std::fprintf(out,
               "  2) Use a GGUF file or a server URL you already have\n"
               "  3) Use a cloud model (an OpenAI-compatible API)\n"
               "  q) Quit\n\n");
  for (;;) {
    auto choice = ask(in, out, rec ? "Choice [1]: " : "Choice: ");
    if (!choice || *choice == "q" || *choice == "Q") return std::optional<NewModelEntry>();
    NewModelEntry entry;
    entry.make_default = true;
    if ((choice->empty() && rec) || *choice == "1") {
      if (!rec) continue;
      uint64_t size = rec->approx_bytes;
      if (hooks.download_size) {
        auto exact = hooks.download_size(rec->hf);
        if (!exact) {
          std::fprintf(out, "Cannot reach Hugging Face: %s\nPick another option, or try again later.\n",
                       exact.error().message.c_str());
          continue;
        }
        size = *exact;
      }
      auto go = ask(in, out, "Download " + rec->hf + ": " + format_bytes(size) + ". Continue? [Y/n] ");
      if (!go) return std::optional<NewModelEntry>();
      if (!yes(*go)) continue;
      if (hooks.download) {
        if (auto r = hooks.download(rec->hf); !r) {
          std::fprintf(out, "The download failed: %s\n", r.error().message.c_str());
          continue;
        }
      }
      entry.name = rec->name;
      entry.hf = rec->hf;
      entry.ctx = static_cast<int>(rec->context);
    } else if (*choice == "2") {
      auto where = ask(in, out, "Path to a .gguf file, or a server URL (http://...): ");
      if (!where) return std::optional<NewModelEntry>();
      if (where->starts_with("http://") || where->starts_with("https://")) {
        if (auto u = parse_url(*where); !u) {
          std::fprintf(out, "%s\n", u.error().message.c_str());
          continue;
        }
        auto id = ask(in, out, "Model id the server knows (Enter: any): ");
        if (!id) return std::optional<NewModelEntry>();
        entry.name = "local";
        entry.url = *where;
        entry.model_id = id->empty() ? "local" : *id;
      } else {
        std::string path = *where;
        if (hooks.check_gguf) {
          auto ok = hooks.check_gguf(path);
          if (!ok) {
            std::fprintf(out, "%s\n", ok.error().message.c_str());
            continue;
          }
          std::fprintf(out, "%s\n", ok->c_str());
        }
        entry.name = "local";
        entry.gguf = path;
      }
    } else if (*choice == "3") {
      auto url = ask(in, out, "API base URL [https://api.openai.com/v1]: ");
      if (!url) return std::optional<NewModelEntry>();
      auto id = ask(in, out, "Model id (e.g. gpt-5): ");
      if (!id) return std::optional<NewModelEntry>();
      if (id->empty()) continue;
      auto key = ask(in, out, "Environment variable with the API key [OPENAI_API_KEY]: ");
      if (!key) return std::optional<NewModelEntry>();
      entry.name = *id;
      entry.url = url->empty() ? "https://api.openai.com/v1" : *url;
      entry.model_id = *id;
      entry.api_key_env = key->empty() ? "OPENAI_API_KEY" : *key;
    } else {
      continue;
    }
    if (auto w = add_model_entry(models_json, entry, true); !w) return std::unexpected(w.error());
    std::fprintf(out, "Saved \"%s\" as your default model in %s\n", entry.name.c_str(), models_json.c_str());
    return std::optional<NewModelEntry>(entry);
  }
}

}  // namespace pair

#include "app/progress_line.h"
#include "app/project_trust_gate.h"
#include "http/http_client.h"
#include "local/model_store.h"
#include "util/paths.h"

namespace pair {

Result<bool> configure_interactively(const std::filesystem::path& workspace, const std::string& model_name) {
  // The project's files are judged first: whether they apply decides what is configured.
  auto trust = summarize_project_trust(workspace);
  if (!trust) return std::unexpected(trust.error());
  if (auto asked = ask_project_trust(stdin, stderr, *trust); !asked) return std::unexpected(asked.error());
  if (auto again = summarize_project_trust(workspace); again)
    for (const auto& line : untrusted_project_notice(*again)) std::fprintf(stderr, "pair: %s\n", line.c_str());
  auto models = load_models(workspace);
  if (!models) return std::unexpected(models.error());
  if (!nothing_configured(*models, model_name)) return true;
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
  auto entry = run_first_run_prompt(stdin, stderr, first_run_facts(), hooks, config_dir() / "models.json");
  if (!entry) return std::unexpected(entry.error());
  return entry->has_value();
}

}  // namespace pair
