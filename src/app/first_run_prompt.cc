#include "app/first_run_prompt.h"

#include "local/gguf_model.h"
#include "util/byte_size.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace {

constexpr const char* kNothingSaved =
    "Setup cancelled; nothing was saved. Run `pair` again to choose a model, or set one up with `pair model add` "
    "(see `pair model add --help`).\n";

/// One question at a time on `in`/`out`; remembers how the input ended.
class Dialog {
 public:
  Dialog(std::FILE* in, std::FILE* out, const FirstRunHooks& hooks) : in_(in), out_(out), hooks_(hooks) {}

  /// The trimmed answer, or nullopt when the user left (q is not handled here).
  std::optional<std::string> ask(const std::string& question) {
    std::fputs(question.c_str(), out_);
    std::fflush(out_);
    std::string line;
    for (int c; (c = std::fgetc(in_)) != EOF;) {
      if (c == '\n') return std::string(trim(line));
      line += static_cast<char>(c);
    }
    if (!line.empty() && !ferror(in_)) return std::string(trim(line));
    std::fputc('\n', out_);  // the cursor is still after the question
    end_ = hooks_.interrupted && hooks_.interrupted() ? FirstRunEnd::kInterrupted : FirstRunEnd::kQuit;
    return std::nullopt;  // Ctrl+D (end of input) or Ctrl+C
  }
  /// Asks a yes/no question; nullopt when the user left.
  std::optional<bool> confirm(const std::string& question, bool default_yes) {
    auto a = ask(question + (default_yes ? " [Y/n] " : " [y/N] "));
    if (!a) return std::nullopt;
    if (a->empty()) return default_yes;
    return *a == "y" || *a == "Y" || *a == "yes";
  }
  void say(const std::string& text) {
    std::fputs(text.c_str(), out_);
    std::fflush(out_);
  }
  /// Ends the dialog without saving: says so, on its own line.
  FirstRunResult leave(FirstRunEnd end) {
    say(kNothingSaved);
    return {end, std::nullopt};
  }
  FirstRunEnd end() const { return end_; }

 private:
  std::FILE* in_;
  std::FILE* out_;
  const FirstRunHooks& hooks_;
  FirstRunEnd end_ = FirstRunEnd::kQuit;
};

/// A server URL: warns when it does not answer and asks whether to keep it.
/// nullopt when the user left; false to choose again.
std::optional<bool> keep_url(Dialog& d, const FirstRunHooks& hooks, const std::string& url) {
  if (!hooks.url_problem) return true;
  auto problem = hooks.url_problem(url);
  if (!problem) return true;
  d.say("Nothing answers at " + url + " (" + *problem + "). pair will not be able to use it until that server runs.\n");
  return d.confirm("Keep it anyway?", false);
}

/// A GGUF file needs llama.cpp: offers to build it when it is missing.
/// nullopt when the user left; false to choose again.
std::optional<bool> llama_ready_for_gguf(Dialog& d, const FirstRunHooks& hooks) {
  if (!hooks.llama_available || hooks.llama_available()) return true;
  d.say(
      "pair runs a GGUF file with llama.cpp's llama-server, and no llama.cpp build was found.\n"
      "`pair setup llama.cpp` builds it (a few minutes, once; it needs npm, git, cmake and a C++ compiler).\n");
  auto build = d.confirm("Build it now?", true);
  if (!build) return std::nullopt;
  if (!*build) {
    d.say(
        "Without llama.cpp pair cannot run that file. Run `pair setup llama.cpp` and then `pair` again, or choose a "
        "server URL or a cloud model.\n");
    return false;
  }
  if (!hooks.build_llama) return false;
  if (auto built = hooks.build_llama(); !built) {
    d.say("llama.cpp was not built: " + built.error().message +
          "\nFix that and run `pair setup llama.cpp`, or choose another option.\n");
    return false;
  }
  return true;
}

}  // namespace

Result<FirstRunResult> run_first_run_prompt(std::FILE* in, std::FILE* out, const FirstRunFacts& facts,
                                            const FirstRunHooks& hooks, const std::filesystem::path& models_json) {
  Dialog d(in, out, hooks);
  std::fprintf(out,
               "pair needs a model: no models.json was found and nothing is listening on http://localhost:8004.\n\n");
  for (const auto& w : facts.catalog_warnings) std::fprintf(out, "Note: %s\n\n", w.c_str());
  const ModelChoice* rec = facts.recommendation ? &facts.recommendation->model : nullptr;
  const ModelChoice* smaller =
      facts.recommendation && facts.recommendation->smaller ? &*facts.recommendation->smaller : nullptr;
  if (rec)
    std::fprintf(out, "  1) Download %s\n     chosen for this machine's memory (%s RAM free%s), %s\n%s",
                 rec->label.c_str(), format_gib(facts.memory.ram_available).c_str(),
                 facts.memory.has_gpu() ? ", GPU counted" : "", download_size_text(*rec).c_str(),
                 reasons_text(*rec, "     ").c_str());
  else
    std::fprintf(out, "  1) (no recommended local model fits in this machine's free memory)\n");
  if (smaller)
    std::fprintf(out, "  s) Download the next smaller, %s, %s: faster, less capable\n", smaller->label.c_str(),
                 download_size_text(*smaller).c_str());
  std::fprintf(out,
               "  2) Use a GGUF file or a server URL you already have\n"
               "  3) Use a cloud model (an OpenAI-compatible API)\n"
               "  q) Quit\n\n");
  const std::string choices = !rec ? "2, 3 or q" : smaller ? "1, s, 2, 3 or q" : "1, 2, 3 or q";
  for (;;) {
    auto choice = d.ask(rec ? "Choice [1]: " : "Choice: ");
    if (!choice) return d.leave(d.end());
    if (*choice == "q" || *choice == "Q") return d.leave(FirstRunEnd::kQuit);
    NewModelEntry entry;
    entry.make_default = true;
    bool take_smaller = smaller && (*choice == "s" || *choice == "S");
    if ((choice->empty() && rec) || *choice == "1" || take_smaller) {
      if (!rec) {
        d.say("There is no recommended download for this machine's free memory: type 2, 3 or q.\n");
        continue;
      }
      const ModelChoice& pick = take_smaller ? *smaller : *rec;
      uint64_t size = pick.approx_bytes;
      if (hooks.download_size) {
        auto exact = hooks.download_size(pick.hf);
        if (!exact) {
          d.say("Cannot reach Hugging Face: " + exact.error().message + "\nPick another option, or try again later.\n");
          continue;
        }
        size = *exact;
      }
      auto go = d.confirm("Download " + pick.hf + ": " + format_bytes(size) + ". Continue?", true);
      if (!go) return d.leave(d.end());
      if (!*go) continue;
      if (hooks.download) {
        if (auto r = hooks.download(pick.hf); !r) {
          d.say("The download failed: " + r.error().message + "\n");
          continue;
        }
      }
      entry.name = pick.name;
      entry.hf = pick.hf;
      // No ctx: the server gets the model's native window capped by what fits (choose_context);
      // the recommendation only checked that the agent's working minimum fits.
    } else if (*choice == "2") {
      auto where = d.ask("Path to a .gguf file, or a server URL (http://...): ");
      if (!where) return d.leave(d.end());
      if (where->empty()) {
        d.say("No file or URL given: type the path of a .gguf file or a URL such as http://localhost:8080/v1.\n");
        continue;
      }
      if (where->starts_with("http://") || where->starts_with("https://")) {
        if (auto u = parse_url(*where); !u) {
          d.say(u.error().message + "\n");
          continue;
        }
        auto keep = keep_url(d, hooks, *where);
        if (!keep) return d.leave(d.end());
        if (!*keep) continue;
        auto id = d.ask("Model id the server knows (Enter: any): ");
        if (!id) return d.leave(d.end());
        entry.name = "local";
        entry.url = *where;
        entry.model_id = id->empty() ? "local" : *id;
      } else {
        std::string path = *where;
        if (hooks.check_gguf) {
          auto ok = hooks.check_gguf(path);
          if (!ok) {
            d.say(ok.error().message + "\n");
            continue;
          }
          d.say(*ok + "\n");
        }
        auto ready = llama_ready_for_gguf(d, hooks);
        if (!ready) return d.leave(d.end());
        if (!*ready) continue;
        entry.name = "local";
        entry.gguf = path;
      }
    } else if (*choice == "3") {
      auto url = d.ask("API base URL [https://api.openai.com/v1]: ");
      if (!url) return d.leave(d.end());
      std::string base = url->empty() ? "https://api.openai.com/v1" : *url;
      if (auto u = parse_url(base); !u) {
        d.say(u.error().message + "\n");
        continue;
      }
      auto keep = keep_url(d, hooks, base);
      if (!keep) return d.leave(d.end());
      if (!*keep) continue;
      std::optional<std::string> id;
      while ((id = d.ask("Model id (e.g. gpt-5): ")) && id->empty())
        d.say("A model id is needed: the name the API knows the model by (e.g. gpt-5, or what its /models lists).\n");
      if (!id) return d.leave(d.end());
      auto key = d.ask("Environment variable with the API key [OPENAI_API_KEY]: ");
      if (!key) return d.leave(d.end());
      entry.name = *id;
      entry.url = base;
      entry.model_id = *id;
      entry.api_key_env = key->empty() ? "OPENAI_API_KEY" : *key;
    } else {
      d.say("\"" + *choice + "\" is not one of the choices: type " + choices + ".\n");
      continue;
    }
    if (auto w = add_model_entry(models_json, entry, true); !w) return std::unexpected(w.error());
    std::fprintf(out, "Saved \"%s\" as your default model in %s\n", entry.name.c_str(), models_json.c_str());
    return FirstRunResult{FirstRunEnd::kSaved, entry};
  }
}

}  // namespace pair
