#include "config/settings.h"

#include <nlohmann/json.hpp>

#include "config/project_settings_split.h"
#include "config/project_trust.h"
#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<json> parse_settings(std::string_view text, const std::string& where) {
  if (trim(text).empty()) return json::object();
  auto j = parse_json(text, where, ErrorCode::kConfig);
  if (!j) return std::unexpected(j.error());
  if (!j->is_object()) return fail(ErrorCode::kConfig, where + ":1: settings must be a JSON object {...}");
  return std::move(*j);
}

const json& null_json() {
  static const json kNull;
  return kNull;
}

}  // namespace

const std::vector<std::string>& project_preference_pointers() {
  // Only what changes how pair looks or when it compacts, limits that only narrow, and rules that can
  // only make pair ask more or refuse. Anything not listed (allow rules, the sandbox, the web, the
  // prompt cache's size on disk, settings added later) waits for the user's trust.
  static const std::vector<std::string> kPointers = {"/ui",
                                                     "/context/compact_at",
                                                     "/context/save_prompt_cache",
                                                     "/context/restore_prompt_cache",
                                                     "/vision",
                                                     "/bash/timeout_s",
                                                     "/ide/enabled",
                                                     "/permissions/ask",
                                                     "/permissions/deny"};
  return kPointers;
}

Settings::Settings()
    : user_(std::make_unique<json>(json::object())),
      project_file_(std::make_unique<json>(json::object())),
      project_(std::make_unique<json>(json::object())),
      merged_(std::make_unique<json>(json::object())) {}
Settings::~Settings() = default;
Settings::Settings(Settings&&) noexcept = default;
Settings& Settings::operator=(Settings&&) noexcept = default;

void Settings::apply_project() {
  withheld_.clear();
  if (trust_ == ProjectSettingsTrust::kTrusted)
    *project_ = *project_file_;
  else
    split_project_settings(*project_file_, *project_, withheld_);
  *merged_ = *user_;
  merged_->merge_patch(*project_);
}

Result<Settings> Settings::from_texts(std::string_view user, std::string_view project, ProjectSettingsTrust trust) {
  Settings s;
  auto u = parse_settings(user, "user settings");
  if (!u) return std::unexpected(u.error());
  auto p = parse_settings(project, "project settings");
  if (!p) return std::unexpected(p.error());
  *s.user_ = std::move(*u);
  *s.project_file_ = std::move(*p);
  s.trust_ = trust;
  s.apply_project();
  return s;
}

Result<Settings> Settings::load(const fs::path& workspace) {
  return load(workspace, project_trust(workspace).trusted() ? ProjectSettingsTrust::kTrusted
                                                            : ProjectSettingsTrust::kPreferencesOnly);
}

Result<Settings> Settings::load(const fs::path& workspace, ProjectSettingsTrust trust) {
  Settings s;
  s.trust_ = trust;
  s.user_path_ = config_dir() / "settings.json";
  s.project_path_ = workspace / ".pair" / "settings.json";
  for (auto [path, target] :
       {std::pair{&s.user_path_, s.user_.get()}, std::pair{&s.project_path_, s.project_file_.get()}}) {
    std::error_code ec;
    if (!fs::exists(*path, ec)) continue;
    auto text = read_file_to_string(*path);
    if (!text) return std::unexpected(text.error());
    auto j = parse_settings(*text, path->string());
    if (!j) return std::unexpected(j.error());
    *target = std::move(*j);
  }
  s.apply_project();
  return s;
}

fs::path Settings::path(SettingsScope scope) const {
  return scope == SettingsScope::kUser ? user_path_ : project_path_;
}

const json& Settings::get(std::string_view pointer) const {
  json::json_pointer p{std::string(pointer)};
  if (!merged_->contains(p)) return null_json();
  return (*merged_)[p];
}

const json& Settings::get_user(std::string_view pointer) const {
  return get_in(SettingsScope::kUser, pointer);
}

const json& Settings::get_in(SettingsScope scope, std::string_view pointer) const {
  const json& file = scope == SettingsScope::kUser ? *user_ : *project_;
  json::json_pointer p{std::string(pointer)};
  if (!file.contains(p)) return null_json();
  return file[p];
}

namespace {

/// `v` read by `read` when `check` accepts it; otherwise `fallback`, with a warning
/// naming `pointer` unless the value is absent.
template <class T, class Read>
T typed_or(const json& v, std::string_view pointer, T fallback, bool (json::*check)() const noexcept, Read read,
           std::string_view what, std::vector<std::string>& warnings) {
  if (v.is_null()) return fallback;
  if (!(v.*check)()) {
    warnings.push_back("settings " + std::string(pointer) + ": expected " + std::string(what) + ", ignored");
    return fallback;
  }
  return read(v, fallback);
}

}  // namespace

bool Settings::get_bool(std::string_view pointer, bool fallback) const {
  return typed_or(get(pointer), pointer, fallback, &json::is_boolean, json_as_bool, "true or false", warnings_);
}

bool Settings::get_bool(std::string_view pointer, bool fallback, SettingsScope scope) const {
  return typed_or(get_in(scope, pointer), pointer, fallback, &json::is_boolean, json_as_bool, "true or false",
                  warnings_);
}

int64_t Settings::get_int(std::string_view pointer, int64_t fallback) const {
  return typed_or(get(pointer), pointer, fallback, &json::is_number_integer, json_as_int, "a whole number", warnings_);
}

double Settings::get_double(std::string_view pointer, double fallback) const {
  return typed_or(get(pointer), pointer, fallback, &json::is_number, json_as_double, "a number", warnings_);
}

std::string Settings::get_string(std::string_view pointer, const std::string& fallback) const {
  return get_string_of(get(pointer), pointer, fallback);
}

std::string Settings::get_string(std::string_view pointer, const std::string& fallback, SettingsScope scope) const {
  return get_string_of(get_in(scope, pointer), pointer, fallback);
}

std::string Settings::get_string_of(const json& v, std::string_view pointer, const std::string& fallback) const {
  auto read = [](const json& s, const std::string& f) { return json_as_string(s, f); };
  return typed_or<std::string>(v, pointer, fallback, &json::is_string, read, "a string", warnings_);
}

std::vector<std::string> Settings::strings_of(const json& v, std::string_view pointer) const {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) {
    warnings_.push_back("settings " + std::string(pointer) + ": expected a list of strings, ignored");
    return out;
  }
  for (const auto& item : v)
    if (item.is_string()) out.push_back(json_as_string(item));
  return out;
}

std::vector<std::string> Settings::get_strings(std::string_view pointer) const {
  return strings_of(get(pointer), pointer);
}

std::vector<std::string> Settings::get_strings(std::string_view pointer, SettingsScope scope) const {
  return strings_of(get_in(scope, pointer), pointer);
}

Result<void> Settings::set(SettingsScope scope, std::string_view pointer, const json& value) {
  json& target = scope == SettingsScope::kUser ? *user_ : *project_file_;
  const fs::path& file = path(scope);
  json updated = target;
  try {
    updated[json::json_pointer{std::string(pointer)}] = value;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInvalidArgument, "cannot set " + std::string(pointer) + ": " + e.what());
  }
  if (!file.empty()) {
    auto r = write_file_atomically(file, dump_json(updated, 2) + "\n");
    if (!r) return r;
  }
  target = std::move(updated);
  apply_project();
  return {};
}

}  // namespace pair
