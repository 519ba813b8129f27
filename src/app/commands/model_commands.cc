// pair model info|fit|quantize|convert|pull|list|add
#include <nlohmann/json.hpp>

#include <cinttypes>
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/progress_line.h"
#include "config/model_entry_trust.h"
#include "config/models_config.h"
#include "config/models_origin.h"
#include "config/models_writer.h"
#include "config/project_trust.h"
#include "local/gguf_layers.h"
#include "local/gguf_model.h"
#include "local/llama_install.h"
#include "local/memory_fit.h"
#include "local/memory_probe.h"
#include "local/model_store.h"
#include "local/quantize.h"
#include "local/server_state.h"
#include "util/atomic_file.h"
#include "util/byte_size.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/token_count.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

std::string percent(uint64_t part, uint64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0);
  return buf;
}

void row(const char* label, const std::string& value) {
  std::printf("%-14s%s\n", label, value.c_str());
}

int info(const CliOptions& o) {
  auto m = read_gguf_model(o.local.args.at(0));  // json-ok: a vector, the CLI requires it
  if (!m) return report_error(m.error());
  if (o.local.json) {
    nlohmann::json q = nlohmann::json::array();
    for (const auto& s : m->quantization)
      q.push_back({{"type", s.type}, {"tensors", s.tensors}, {"bytes", s.bytes}, {"elements", s.elements}});
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& p : m->parts) parts.push_back(p.string());
    nlohmann::json j = {{"parts", parts},
                        {"file_bytes", m->file_bytes},
                        {"architecture", m->architecture},
                        {"name", m->name},
                        {"parameters", m->parameters},
                        {"file_type", m->file_type},
                        {"quantization", q},
                        {"context_length", m->context_length},
                        {"embedding_length", m->embedding_length},
                        {"block_count", m->block_count},
                        {"head_count", m->head_count},
                        {"head_count_kv", m->head_count_kv.empty() ? 0 : m->head_count_kv.front()},
                        {"layer_cache",
                         {{"full_attention", m->layers_with(LayerCache::kFull)},
                          {"sliding_window", m->layers_with(LayerCache::kSliding)},
                          {"recurrent", m->layers_with(LayerCache::kRecurrent)}}},
                        {"sliding_window", m->sliding_window},
                        {"expert_count", m->expert_count},
                        {"expert_bytes", m->expert_bytes},
                        {"expert_used_count", m->expert_used_count},
                        {"vocab_size", m->vocab_size},
                        {"has_chat_template", m->has_chat_template},
                        {"gguf_version", m->gguf_version}};
    std::printf("%s\n", dump_json(j, 2).c_str());
    return kExitOk;
  }
  std::string file = m->parts.front().string() + " (" + format_bytes(m->file_bytes) +
                     (m->parts.size() > 1 ? ", " + std::to_string(m->parts.size()) + " parts" : "") + ")";
  row("file", file);
  row("architecture", m->architecture.empty() ? "(not set)" : m->architecture);
  if (!m->name.empty()) row("name", m->name + (m->size_label.empty() ? "" : " (" + m->size_label + ")"));
  row("parameters", format_parameters(m->parameters));
  if (!m->file_type.empty()) row("file type", m->file_type);
  std::string quant;
  for (size_t i = 0; i < m->quantization.size() && i < 6; ++i) {
    const auto& s = m->quantization[i];
    quant += (i ? ", " : "") + s.type + " " + percent(s.bytes, m->tensor_bytes) + " (" + std::to_string(s.tensors) +
             " tensors)";
  }
  row("quantization", quant.empty() ? "(no tensors: a vocabulary-only file)" : quant);
  row("weights", format_bytes(m->tensor_bytes));
  row("context", m->context_length ? format_tokens(m->context_length) + " tokens (trained)" : "(not set)");
  if (m->block_count) {
    std::string layers = std::to_string(m->block_count) + "; attention heads " + std::to_string(m->head_count) +
                         ", KV heads " + std::to_string(m->head_count_kv.empty() ? 0 : m->head_count_kv.front()) +
                         ", head size " + std::to_string(m->key_length);
    row("layers", layers);
  }
  if (std::string caches = format_layer_caches(*m); !caches.empty()) row("attention", caches);
  row("experts", m->is_moe() ? std::to_string(m->expert_count) + ", " + std::to_string(m->expert_used_count) +
                                   " active per token (mixture of experts" +
                                   (m->expert_bytes > 0 ? "; " + format_bytes(m->expert_bytes) + " of expert weights"
                                                        : std::string()) +
                                   ")"
                             : "none (dense)");
  row("vocabulary", format_tokens(m->vocab_size) + " tokens" + (m->tokenizer.empty() ? "" : " (" + m->tokenizer + ")"));
  row("chat template", m->has_chat_template ? "yes (" + format_bytes(m->chat_template_bytes) + ")"
                                            : "no (llama-server falls back to a generic one; tool calls may fail)");
  row("KV cache", format_bytes(kv_bytes_per_token(*m, "f16", "f16")) + " per token (f16" +
                      (format_layer_caches(*m).empty() ? "" : ", the full-attention layers") + ")");
  row("GGUF", "version " + std::to_string(m->gguf_version));
  return kExitOk;
}

/// `pair model fit --json`: the plan's numbers, the cache by kind of layer as llama-server reports it.
nlohmann::json fit_json(const FitPlan& p) {
  const char* verdict = "too_large";
  switch (p.verdict) {
    case FitVerdict::kFitsGpu: verdict = "gpu"; break;
    case FitVerdict::kFitsExpertsInRam: verdict = "experts_in_ram"; break;
    case FitVerdict::kFitsPartial: verdict = "partial"; break;
    case FitVerdict::kFitsCpu: verdict = "cpu"; break;
    case FitVerdict::kTooLarge: break;
  }
  const KvCacheSize& c = p.cache;
  return {{"context", p.context},
          {"verdict", verdict},
          {"weights_bytes", p.weights},
          {"kv_cache_bytes", p.kv_cache},
          {"kv_cache",
           {{"full_attention_bytes", c.full_bytes},
            {"full_attention_layers", c.full_layers},
            {"full_attention_cells", c.full_cells},
            {"sliding_window_bytes", c.sliding_bytes},
            {"sliding_window_layers", c.sliding_layers},
            {"sliding_window_cells", c.sliding_cells},
            {"recurrent_bytes", c.recurrent_bytes},
            {"recurrent_layers", c.recurrent_layers},
            {"slots", p.slots},
            {"streams", c.streams}}},
          {"kv_bytes_per_token", p.kv_bytes_per_token},
          {"compute_bytes", p.compute},
          {"layers", p.layers},
          {"gpu_layers", p.gpu_layers},
          {"cpu_moe_layers", p.cpu_moe_layers},
          {"vram_needed_bytes", p.vram_needed},
          {"ram_needed_bytes", p.ram_needed},
          {"max_context", p.max_context},
          {"suggestions", p.suggestions}};
}

int fit(const CliOptions& o) {
  auto m = read_gguf_model(o.local.args.at(0));  // json-ok: a vector, the CLI requires it
  if (!m) return report_error(m.error());
  MemoryReadings mem = probe_memory();
  FitRequest rq;
  rq.cache_type_k = rq.cache_type_v = o.local.cache_type;
  rq.gpu_layers = o.local.gpu_layers;
  if (o.local.parallel) {  // as llama-server's -np: a cache per slot
    rq.slots = static_cast<uint64_t>(*o.local.parallel);
    rq.kv_unified = false;
  }
  if (mem.has_gpu()) {
    auto llama = find_llama_install(true);
    rq.gpu_backend = llama && llama->backend != "cpu";
  }
  // The context a managed server would get: the one asked for, or the trained one lowered to what fits.
  std::string lowered;
  rq.context = o.local.ctx && *o.local.ctx > 0 ? *o.local.ctx : choose_context(*m, 0, rq, mem, &lowered);
  FitPlan plan = plan_fit(*m, rq, mem);
  if (o.local.json) {
    std::printf("%s\n", dump_json(fit_json(plan), 2).c_str());
    return plan.fits() ? kExitOk : kExitTurnFailed;
  }
  std::printf("%s", format_fit_report(*m, plan, mem).c_str());
  if (!lowered.empty()) std::printf("note       %s\n", lowered.c_str());
  for (const auto& note : mem.notes) std::printf("note        %s\n", note.c_str());
  return plan.fits() ? kExitOk : kExitTurnFailed;
}

int quantize(const CliOptions& o) {
  auto llama = find_llama_install(false);
  if (!llama) return report_error(llama.error());
  ProgressLine progress;
  const auto& a = o.local.args;
  std::fprintf(stderr, "quantizing %s to %s\n", a[0].c_str(), a[2].c_str());
  auto r = quantize_model(*llama, a[0], a[1], a[2], [&](const QuantizeProgress& p) {
    progress.update("[" + std::to_string(p.tensor) + "/" + std::to_string(p.tensors) + "] " + p.name);
  });
  progress.clear();
  if (!r) return report_error(r.error());
  std::error_code ec;
  std::printf("wrote %s (%s)\n", a[1].c_str(), format_bytes(fs::file_size(a[1], ec)).c_str());
  return kExitOk;
}

int convert(const CliOptions& o) {
  auto llama = find_llama_install(false);
  if (!llama) return report_error(llama.error());
  ProgressLine progress;
  std::string pending;
  auto r = convert_model(*llama, o.local.args[0], o.local.args[1], o.local.outtype, [&](std::string_view chunk) {
    pending.append(chunk);
    size_t nl;
    while ((nl = pending.find('\n')) != std::string::npos) {
      std::string line = pending.substr(0, nl);
      if (!line.empty()) progress.update(line.substr(0, 150));
      pending.erase(0, nl + 1);
    }
  });
  progress.clear();
  if (!r) return report_error(r.error());
  std::printf("wrote %s\n", o.local.args[1].c_str());
  return kExitOk;
}

int pull(const CliOptions& o) {
  auto ref = parse_hf_ref(o.local.args.at(0));  // json-ok: a vector, the CLI requires it
  if (!ref) return report_error(ref.error());
  std::fprintf(stderr, "pulling %s into %s\n", o.local.args[0].c_str(), models_dir().string().c_str());
  ProgressLine progress;
  PullOptions po;
  bool announced = false;
  po.on_progress = [&](const PullProgress& p) {
    if (!announced) {
      progress.line(std::to_string(p.parts) + (p.parts == 1 ? " file, " : " files, ") + format_bytes(p.total));
      announced = true;
    }
    if (!p.note.empty())
      progress.line(p.note);
    else
      progress.update(format_pull_progress(p));
  };
  auto pulled = pull_model(*ref, po);
  progress.clear();
  if (!pulled) return report_error(pulled.error());
  std::printf("%s (%s, %s, sha256 verified)\n", pulled->files.front().string().c_str(), pulled->quant.c_str(),
              format_bytes(pulled->bytes).c_str());
  if (!o.local.add_name.empty()) {
    NewModelEntry e;
    e.name = o.local.add_name;
    e.hf = ref->repo + (ref->quant.empty() ? "" : ":" + ref->quant);
    e.make_default = o.local.make_default;
    fs::path file = config_dir() / "models.json";
    if (auto w = add_model_entry(file, e, true); !w) return report_error(w.error());
    std::printf("added \"%s\" to %s%s\n", e.name.c_str(), file.string().c_str(),
                e.make_default ? " as the default model" : "");
  }
  return kExitOk;
}

int list(const CliOptions& o) {
  fs::path dir = models_dir();
  auto local = list_local_models(dir);
  std::printf("Models in %s:\n", dir.string().c_str());
  if (local.empty()) std::printf("  (none; pair model pull org/repo:QUANT downloads one)\n");
  for (const auto& m : local) {
    std::string rel = fs::relative(m.path, dir).string();
    std::printf("  %10s  %s%s\n", format_bytes(m.bytes).c_str(), rel.c_str(),
                m.parts > 1 ? (" (" + std::to_string(m.parts) + " parts)").c_str() : "");
  }
  fs::path workspace = command_workspace(o);
  auto models = load_models(workspace);
  if (!models) return report_error(models.error());
  if (!models->withheld.empty()) {
    std::printf("\nNot used until you trust this project (pair trust):\n");
    for (const auto& w : models->withheld)
      std::printf("  %-20s %s:%zu: would %s\n", w.name.c_str(), w.source.string().c_str(), w.line,
                  join(w.effects, "; ").c_str());
  }
  // One file applies: say which, and which one it hides, so an edit goes where it takes effect.
  if (models->path.empty())
    std::printf("\nConfigured: no models.json, so the built-in default (pair model add NAME ... writes %s):\n",
                (config_dir() / "models.json").string().c_str());
  else if (auto shadowed = shadowed_user_models(*models, workspace))
    std::printf("\nConfigured in %s (used here instead of %s; pair model add --project changes it):\n",
                models->path.string().c_str(), shadowed->string().c_str());
  else
    std::printf("\nConfigured in %s:\n", models->path.string().c_str());
  for (const auto& m : models->models) {
    std::string what = !m.gguf.empty() ? "gguf " + m.gguf
                       : !m.hf.empty() ? "hf " + m.hf + (m.server == ServerKind::kVllm ? " (vLLM)" : "")
                                       : "url " + m.url;
    if (m.is_managed()) {
      if (!m.hf.empty() && m.server == ServerKind::kLlamaCpp) {
        auto ref = parse_hf_ref(m.hf);
        what += ref && find_pulled(*ref) ? " (downloaded)" : " (not downloaded yet)";
      }
    }
    std::printf("  %-20s %s%s  (%s)\n", m.name.c_str(), what.c_str(), m.is_default ? "  [default]" : "",
                std::string(models_origin_label(models_origin(m.source, workspace))).c_str());
  }
  return kExitOk;
}

int add(const CliOptions& o) {
  const auto& c = o.local;
  int sources = !c.gguf.empty() + !c.hf.empty() + (!c.url.empty() && c.gguf.empty() && c.hf.empty());
  if (sources == 0) {
    std::fprintf(stderr, "pair: give --gguf FILE, --hf org/repo[:QUANT] or --url URL\n");
    return kExitUsage;
  }
  if (!c.gguf.empty() && !c.hf.empty()) {
    std::fprintf(stderr, "pair: give either --gguf or --hf, not both\n");
    return kExitUsage;
  }
  NewModelEntry e;
  e.name = c.args.at(0);  // json-ok: a vector, the CLI requires it
  e.url = c.url;
  e.model_id = c.model_id;
  e.gguf = c.gguf.empty() ? "" : fs::absolute(expand_home(c.gguf)).lexically_normal().string();
  e.hf = c.hf;
  e.server = c.server == "llama.cpp" ? "" : c.server;
  e.api_key_env = c.api_key_env;
  if (c.ctx) e.ctx = static_cast<int>(*c.ctx);
  e.make_default = c.make_default;
  if (!e.gguf.empty()) {
    auto m = read_gguf_model(e.gguf);
    if (!m) return report_error(m.error());
  }
  if (!e.hf.empty())
    if (auto ref = parse_hf_ref(e.hf); !ref) return report_error(ref.error());
  fs::path workspace = command_workspace(o);
  fs::path file = c.project ? workspace / ".pair" / "models.json" : config_dir() / "models.json";
  std::string fingerprint_before = c.project ? project_fingerprint(workspace) : "";
  if (auto w = add_model_entry(file, e, c.replace); !w) return report_error(w.error());
  // The user's own change keeps a trusted project trusted; an untrusted project stays as it was.
  if (c.project)
    if (auto r = refresh_trust_after_own_write(workspace, fingerprint_before); !r) return report_error(r.error());
  // Read it back: what pair will see, with its checks.
  auto text = read_file_to_string(file);
  if (text)
    if (auto parsed = parse_models_json(*text, file); !parsed) return report_error(parsed.error());
  std::printf("added \"%s\" to %s%s\n", e.name.c_str(), file.string().c_str(),
              e.make_default ? " as the default model" : "");
  if (c.project && !project_trust(workspace).trusted()) {
    ModelConfig added;
    if (text)
      if (auto parsed = parse_models_json(*text, file))
        for (const auto& m : parsed->models)
          if (m.name == e.name) added = m;
    if (auto effects = entry_effects_needing_trust(added); !added.name.empty() && !effects.empty())
      std::printf(
          "This project is not trusted, so pair will not use it until you run `pair trust` here (it would %s).\n",
          join(effects, "; ").c_str());
  }
  return kExitOk;
}

}  // namespace

int run_model_command(const CliOptions& o) {
  const std::string& a = o.local.action;
  if (a == "info") return info(o);
  if (a == "fit") return fit(o);
  if (a == "quantize") return quantize(o);
  if (a == "convert") return convert(o);
  if (a == "pull") return pull(o);
  if (a == "list") return list(o);
  if (a == "add") return add(o);
  return kExitUsage;
}

}  // namespace pair
