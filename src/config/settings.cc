#include "config/settings.h"

#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

Result<json> parse_settings(std::string_view text, const std::string& where) {
  if (trim(text).empty()) return json::object();
  try {
    json j = json::parse(text);
    if (!j.is_object()) return fail(ErrorCode::kConfig, where + ":1: settings must be a JSON object {...}");
    return j;
  } catch (const json::parse_error& e) {
    TextPosition pos = position_of(text, e.byte > 0 ? e.byte - 1 : 0);
    return fail(ErrorCode::kConfig, where + ":" + std::to_string(pos.line) + ":" + std::to_string(pos.column) +
                                        ": not valid JSON (" + e.what() + ")");
  } catch (const json::exception& e) {  // a number beyond double's range
    return fail(ErrorCode::kConfig, where + ": not valid JSON (" + e.what() + ")");
  }
}

const json& null_json() {
  static const json kNull;
  return kNull;
}

}  // namespace

Settings::Settings()
    : user_(std::make_unique<json>(json::object())),
      project_(std::make_unique<json>(json::object())),
      merged_(std::make_unique<json>(json::object())) {}
Settings::~Settings() = default;
Settings::Settings(Settings&&) noexcept = default;
Settings& Settings::operator=(Settings&&) noexcept = default;

void Settings::merge() {
  *merged_ = *user_;
  merged_->merge_patch(*project_);
}

Result<Settings> Settings::from_texts(std::string_view user, std::string_view project) {
  Settings s;
  auto u = parse_settings(user, "user settings");
  if (!u) return std::unexpected(u.error());
  auto p = parse_settings(project, "project settings");
  if (!p) return std::unexpected(p.error());
  *s.user_ = std::move(*u);
  *s.project_ = std::move(*p);
  s.merge();
  return s;
}

Result<Settings> Settings::load(const fs::path& workspace) {
  Settings s;
  s.user_path_ = config_dir() / "settings.json";
  s.project_path_ = workspace / ".pair" / "settings.json";
  for (auto [path, target] : {std::pair{&s.user_path_, s.user_.get()}, std::pair{&s.project_path_, s.project_.get()}}) {
    std::error_code ec;
    if (!fs::exists(*path, ec)) continue;
    auto text = read_file_to_string(*path);
    if (!text) return std::unexpected(text.error());
    auto j = parse_settings(*text, path->string());
    if (!j) return std::unexpected(j.error());
    *target = std::move(*j);
  }
  s.merge();
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

#define PAIR_SETTINGS_GETTER(name, type, check, what)                                           \
  type Settings::name(std::string_view pointer, type fallback) const {                          \
    const json& v = get(pointer);                                                               \
    if (v.is_null()) return fallback;                                                           \
    if (!v.check()) {                                                                           \
      warnings_.push_back("settings " + std::string(pointer) + ": expected " what ", ignored"); \
      return fallback;                                                                          \
    }                                                                                           \
    return v.get<type>();                                                                       \
  }

PAIR_SETTINGS_GETTER(get_bool, bool, is_boolean, "true or false")
PAIR_SETTINGS_GETTER(get_int, int64_t, is_number_integer, "a whole number")
PAIR_SETTINGS_GETTER(get_double, double, is_number, "a number")
#undef PAIR_SETTINGS_GETTER

std::string Settings::get_string(std::string_view pointer, const std::string& fallback) const {
  const json& v = get(pointer);
  if (v.is_null()) return fallback;
  if (!v.is_string()) {
    warnings_.push_back("settings " + std::string(pointer) + ": expected a string, ignored");
    return fallback;
  }
  return v.get<std::string>();
}

std::vector<std::string> Settings::strings_of(const json& v, std::string_view pointer) const {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (!v.is_array()) {
    warnings_.push_back("settings " + std::string(pointer) + ": expected a list of strings, ignored");
    return out;
  }
  for (const auto& item : v)
    if (item.is_string()) out.push_back(item.get<std::string>());
  return out;
}

std::vector<std::string> Settings::get_strings(std::string_view pointer) const {
  return strings_of(get(pointer), pointer);
}

std::vector<std::string> Settings::get_strings(std::string_view pointer, SettingsScope scope) const {
  return strings_of(get_in(scope, pointer), pointer);
}

Result<void> Settings::set(SettingsScope scope, std::string_view pointer, const json& value) {
  json& target = scope == SettingsScope::kUser ? *user_ : *project_;
  const fs::path& file = path(scope);
  json updated = target;
  try {
    updated[json::json_pointer{std::string(pointer)}] = value;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kInvalidArgument, "cannot set " + std::string(pointer) + ": " + e.what());
  }
  if (!file.empty()) {
    auto r = write_file_atomically(file, updated.dump(2) + "\n");
    if (!r) return r;
  }
  target = std::move(updated);
  merge();
  return {};
}

}  // namespace pair
