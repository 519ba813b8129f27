#include "config/project_trust.h"

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/sha256.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kStoreVersion = 1;

/// One name per project, however the workspace was spelled (relative, through a symlink).
std::string trust_key(const fs::path& workspace) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(workspace, ec), ec);
  return (ec ? workspace : p).lexically_normal().string();
}

std::string now_utc() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string string_at(const json& j, const char* key) {
  return json_string_or(j, key);
}

Result<std::vector<TrustRecord>> parse_store(const std::string& text, const fs::path& file) {
  auto parsed = parse_json(text, file.string(), ErrorCode::kConfig);
  if (!parsed || !parsed->is_object())
    return fail(ErrorCode::kConfig, (parsed ? file.string() + ": not a JSON object" : parsed.error().message) +
                                        "; fix or delete it (`pair trust` writes it anew)");
  const json& doc = *parsed;
  std::vector<TrustRecord> records;
  auto projects = doc.find("projects");
  if (projects == doc.end() || !projects->is_array()) return records;
  for (const json& p : *projects) {
    if (!p.is_object()) continue;
    TrustRecord r;
    r.workspace = string_at(p, "workspace");
    if (r.workspace.empty()) continue;
    if (auto t = p.find("trusted"); t != p.end() && t->is_object()) {
      r.fingerprint = string_at(*t, "fingerprint");
      r.trusted_at = string_at(*t, "at");
    }
    r.declined = string_at(p, "declined");
    if (auto a = p.find("allow"); a != p.end() && a->is_array())
      for (const json& rule : *a)
        if (rule.is_string()) r.allow.push_back(json_as_string(rule));
    records.push_back(std::move(r));
  }
  return records;
}

Result<void> save_store(const std::vector<TrustRecord>& records) {
  json projects = json::array();
  for (const auto& r : records) {
    json p = {{"workspace", r.workspace}};
    if (!r.fingerprint.empty()) p["trusted"] = {{"fingerprint", r.fingerprint}, {"at", r.trusted_at}};
    if (!r.declined.empty()) p["declined"] = r.declined;
    if (!r.allow.empty()) p["allow"] = r.allow;
    projects.push_back(std::move(p));
  }
  json doc = {{"version", kStoreVersion}, {"projects", std::move(projects)}};
  fs::path file = trust_store_path();
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  fs::permissions(file.parent_path(), fs::perms::owner_all, fs::perm_options::replace, ec);
  // Private to the user from the first byte: the umask decides a new file's mode.
  mode_t old_mask = ::umask(077);
  auto written = write_file_atomically(file, dump_json(doc, 2) + "\n");
  ::umask(old_mask);
  if (!written) return written;
  fs::permissions(file, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
  return {};
}

/// Runs `change` on the record of `workspace` (created when missing) and saves.
template <class F>
Result<void> update_record(const fs::path& workspace, F&& change) {
  auto records = load_trust_records();
  if (!records) return std::unexpected(records.error());
  std::string key = trust_key(workspace);
  auto it = std::find_if(records->begin(), records->end(), [&](const TrustRecord& r) { return r.workspace == key; });
  if (it == records->end()) {
    records->push_back(TrustRecord{key, "", "", "", {}});
    it = records->end() - 1;
  }
  change(*it);
  if (it->fingerprint.empty() && it->declined.empty() && it->allow.empty()) records->erase(it);
  return save_store(*records);
}

std::optional<TrustRecord> find_record(const std::vector<TrustRecord>& records, const fs::path& workspace) {
  for (const auto& r : records)
    if (r.workspace == trust_key(workspace)) return r;
  return std::nullopt;
}

}  // namespace

const std::vector<std::string>& project_config_names() {
  static const std::vector<std::string> kNames = {".pair/settings.json", ".pair/models.json", ".mcp.json"};
  return kNames;
}

std::string project_fingerprint(const fs::path& workspace) {
  Sha256 hash;
  bool any = false;
  for (const auto& name : project_config_names()) {
    fs::path file = workspace / name;
    std::error_code ec;
    if (!fs::exists(file, ec)) continue;
    any = true;
    hash.update(name);
    hash.update(std::string_view("\0", 1));
    auto text = read_file_to_string(file);
    std::string body = text ? "file:" + std::to_string(text->size()) + ":" + *text : "error:" + text.error().message;
    hash.update(body);
    hash.update(std::string_view("\0", 1));
  }
  return any ? hash.hex_digest() : std::string();
}

fs::path trust_store_path() {
  return config_dir() / "projects.json";
}

Result<std::vector<TrustRecord>> load_trust_records() {
  fs::path file = trust_store_path();
  std::error_code ec;
  if (!fs::exists(file, ec)) return std::vector<TrustRecord>();
  auto text = read_file_to_string(file);
  if (!text) return std::unexpected(text.error());
  return parse_store(*text, file);
}

ProjectTrust project_trust(const fs::path& workspace, std::string* problem) {
  ProjectTrust t;
  t.fingerprint = project_fingerprint(workspace);
  if (t.fingerprint.empty()) {
    t.state = TrustState::kNoFiles;
    return t;
  }
  auto records = load_trust_records();
  if (!records) {
    if (problem) *problem = records.error().message;
    return t;  // kUntrusted: fail closed
  }
  auto r = find_record(*records, workspace);
  if (!r) return t;
  if (!r->fingerprint.empty()) {
    t.trusted_at = r->trusted_at;
    t.state = r->fingerprint == t.fingerprint ? TrustState::kTrusted : TrustState::kChanged;
    if (t.state == TrustState::kTrusted) return t;
  }
  if (r->declined == t.fingerprint) t.state = TrustState::kDeclined;
  return t;
}

Result<ProjectTrust> trust_project(const fs::path& workspace) {
  std::string fingerprint = project_fingerprint(workspace);
  std::string at = now_utc();
  if (!fingerprint.empty()) {
    auto saved = update_record(workspace, [&](TrustRecord& r) {
      r.fingerprint = fingerprint;
      r.trusted_at = at;
      r.declined.clear();
    });
    if (!saved) return std::unexpected(saved.error());
  }
  return project_trust(workspace);
}

Result<void> decline_project(const fs::path& workspace) {
  std::string fingerprint = project_fingerprint(workspace);
  if (fingerprint.empty()) return {};
  return update_record(workspace, [&](TrustRecord& r) { r.declined = fingerprint; });
}

Result<bool> revoke_project(const fs::path& workspace) {
  bool had = false;
  auto saved = update_record(workspace, [&](TrustRecord& r) {
    had = !r.fingerprint.empty() || !r.declined.empty();
    r.fingerprint.clear();
    r.trusted_at.clear();
    r.declined.clear();
  });
  if (!saved) return std::unexpected(saved.error());
  return had;
}

Result<void> refresh_trust_after_own_write(const fs::path& workspace, const std::string& before) {
  auto records = load_trust_records();
  if (!records) return std::unexpected(records.error());
  auto r = find_record(*records, workspace);
  if (!r || r->fingerprint.empty() || r->fingerprint != before) return {};
  std::string now = project_fingerprint(workspace);
  return update_record(workspace, [&](TrustRecord& rec) { rec.fingerprint = now; });
}

std::string user_project_rules_source() {
  return trust_store_path().string() + ", for this project";
}

std::vector<std::string> user_project_rules(const fs::path& workspace) {
  auto records = load_trust_records();
  if (!records) return {};
  auto r = find_record(*records, workspace);
  return r ? r->allow : std::vector<std::string>();
}

Result<void> add_user_project_rule(const fs::path& workspace, const std::string& rule) {
  return update_record(workspace, [&](TrustRecord& r) {
    if (std::find(r.allow.begin(), r.allow.end(), rule) == r.allow.end()) r.allow.push_back(rule);
  });
}

}  // namespace pair
