#include "local/model_store.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <regex>

#include "http/http_client.h"
#include "local/download.h"
#include "local/hub_api.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kManifest = ".pair-manifest.json";
// A pull waits for the Hub longer than a recommendation does: it is about to download gigabytes.
constexpr std::chrono::seconds kConnectTimeout{20}, kTotalTimeout{120};

fs::path repo_dir(const fs::path& dir, const std::string& repo) {
  return dir / repo;
}

json read_manifest(const fs::path& path) {
  auto text = read_file_to_string(path);
  if (!text) return json::object();
  json j = parse_json(*text, path.string()).value_or(json());
  return j.is_object() ? j : json::object();
}

std::string quant_key(const HfModelRef& ref) {
  return ref.quant.empty() ? "" : to_lower(ref.quant);
}

}  // namespace

fs::path models_dir() {
  if (const char* d = std::getenv("PAIR_MODELS_DIR"); d && *d) return expand_home(d);
  return data_dir() / "models";
}

uint64_t HfSelection::bytes() const {
  uint64_t n = 0;
  for (const auto& f : files) n += f.size;
  return n;
}

std::optional<PulledModel> find_pulled(const HfModelRef& ref, const fs::path& dir) {
  json m = read_manifest(repo_dir(dir, ref.repo) / kManifest);
  std::string key = quant_key(ref);
  // The manifest is read tolerantly: a damaged one means "not pulled", never an exception.
  if (key.empty()) key = json_string_or(m, "default");
  const json& q = json_member(json_member(m, "quants"), key);
  if (key.empty() || !q.is_object()) return std::nullopt;
  PulledModel p;
  p.repo = ref.repo;
  p.quant = json_string_or(q, "quant", key);
  p.commit = json_string_or(m, "commit");
  for (const auto& f : json_array_member(q, "files")) {
    std::string name = json_string_or(f, "path");
    if (name.empty()) return std::nullopt;
    fs::path path = repo_dir(dir, ref.repo) / name;
    std::error_code ec;
    uint64_t size = fs::file_size(path, ec);
    if (ec || static_cast<int64_t>(size) != json_int_or(f, "size")) return std::nullopt;
    p.files.push_back(path);
    p.bytes += size;
  }
  if (p.files.empty()) return std::nullopt;
  return p;
}

Result<HfSelection> query_hf(HttpClient& http, const HfModelRef& ref, std::stop_token stop) {
  std::string endpoint = hf_endpoint();
  auto refs = hub_get_json(http, endpoint + "/api/models/" + ref.repo + "/refs", kConnectTimeout, kTotalTimeout, stop);
  if (!refs) return std::unexpected(refs.error());
  auto commit = parse_hf_refs(*refs);
  if (!commit) return std::unexpected(commit.error());
  auto files = hub_tree(http, ref.repo, *commit, kConnectTimeout, kTotalTimeout, stop);
  if (!files) return std::unexpected(files.error());
  auto chosen = select_quant_files(*files, ref);
  if (!chosen) return std::unexpected(chosen.error());
  return HfSelection{*commit, std::move(*chosen)};
}

Result<PulledModel> pull_model(const HfModelRef& ref, const PullOptions& o, std::stop_token stop) {
  HttpClient http;
  auto selection = query_hf(http, ref, stop);
  if (!selection) return std::unexpected(selection.error());
  fs::path base = repo_dir(o.dir, ref.repo);
  fs::path manifest_path = base / kManifest;
  json manifest = read_manifest(manifest_path);

  PulledModel pulled;
  pulled.repo = ref.repo;
  pulled.commit = selection->commit;
  pulled.quant = ref.quant.empty() ? quant_of_filename(selection->files.front().path) : ref.quant;
  if (pulled.quant.empty()) pulled.quant = selection->files.front().path;
  uint64_t total = selection->bytes(), before = 0;
  std::string auth = hf_auth_header();
  int parts = static_cast<int>(selection->files.size());
  for (int i = 0; i < parts; ++i) {
    const HfFile& f = selection->files[static_cast<size_t>(i)];
    fs::path dest = base / f.path;
    std::error_code ec;
    bool complete = fs::exists(dest, ec) && fs::file_size(dest, ec) == f.size;
    if (!complete) {
      DownloadJob job;
      job.url = hf_endpoint() + "/" + ref.repo + "/resolve/" + selection->commit + "/" + url_path_escape(f.path);
      if (!auth.empty()) job.headers.push_back(auth);
      job.dest = dest;
      job.size = f.size;
      job.sha256 = f.sha256;
      DownloadOptions d;
      d.max_attempts = o.max_attempts;
      if (o.on_progress)
        d.on_progress = [&](const DownloadProgress& p) {
          o.on_progress({f.path, i + 1, parts, before + p.done, total, p.bytes_per_second, p.note});
        };
      if (auto r = download_file(http, job, d, stop); !r) return std::unexpected(r.error());
    }
    before += f.size;
    pulled.files.push_back(dest);
    pulled.bytes += f.size;
  }
  // Remember what this quant is, so that models.json can name it offline.
  json files = json::array();
  for (const auto& f : selection->files) files.push_back({{"path", f.path}, {"size", f.size}, {"sha256", f.sha256}});
  manifest["repo"] = ref.repo;
  manifest["commit"] = selection->commit;
  std::string key = quant_key(ref);
  json entry = {{"quant", pulled.quant}, {"files", files}};
  if (key.empty()) {
    key = to_lower(pulled.quant);
    manifest["default"] = key;
  }
  manifest["quants"][key] = entry;
  if (!manifest.contains("default")) manifest["default"] = key;
  if (auto w = write_file_atomically(manifest_path, dump_json(manifest, 2) + "\n"); !w)
    return std::unexpected(w.error());
  return pulled;
}

std::vector<LocalModel> list_local_models(const fs::path& dir) {
  static const std::regex kSplit(R"((.*)-(\d{5})-of-(\d{5})\.gguf)", std::regex::icase);
  std::vector<LocalModel> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (!it->is_regular_file(ec)) continue;
    std::string name = it->path().filename().string();
    if (!to_lower(name).ends_with(".gguf")) continue;
    LocalModel m;
    m.path = it->path();
    std::smatch match;
    if (std::regex_match(name, match, kSplit)) {
      if (match[2].str() != "00001") continue;  // counted with the first part
      m.parts = std::stoi(match[3].str());
      for (int i = 1; i <= m.parts; ++i) {
        char suffix[32];
        std::snprintf(suffix, sizeof suffix, "-%05d-of-%05d.gguf", i, m.parts);
        m.bytes += fs::file_size(it->path().parent_path() / (match[1].str() + suffix), ec);
      }
    } else {
      m.bytes = it->file_size(ec);
    }
    fs::path rel = fs::relative(m.path, dir, ec);
    auto parts = split(rel.string(), '/');
    if (parts.size() >= 3) m.repo = parts[0] + "/" + parts[1];
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const LocalModel& a, const LocalModel& b) { return a.path < b.path; });
  return out;
}

}  // namespace pair
