#pragma once
/// settings.json: user preferences (`<config dir>/settings.json`) overridden
/// by the project's (`<workspace>/.pair/settings.json`). The program reads
/// its keys once, through the typed view in config/settings_view.h, which
/// names every key and its default; this class holds the files, merges them
/// and writes changes. Writes are atomic and go to one file.
///
/// A project's file arrives with the repository. Until the user trusts the
/// project (config/project_trust.h) only its harmless preferences apply (the
/// list is `project_preference_pointers()`: looks, context thresholds, limits,
/// and ask/deny rules, which can only make pair ask more); everything else it
/// sets is withheld and described, so a front-end can say what was ignored.

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

enum class SettingsScope { kUser, kProject };

/// Whether a project's settings apply in full (trusted) or only its harmless
/// preferences.
enum class ProjectSettingsTrust { kTrusted, kPreferencesOnly };

/// One part of a project's settings that was not applied.
struct WithheldSetting {
  std::string pointer;      ///< "/permissions/allow", "/sandbox/network"
  std::string description;  ///< what it would do: "allow every bash command without asking"
};

/// The pointers a project's settings may set without trust (each covers the
/// subtree below it).
const std::vector<std::string>& project_preference_pointers();

class Settings {
 public:
  Settings();
  ~Settings();
  Settings(Settings&&) noexcept;
  Settings& operator=(Settings&&) noexcept;

  /// Reads both files (either may be missing). A file that is not a JSON
  /// object is an error naming the file and line. The project's file applies
  /// in full only when the project is trusted (project_trust.h).
  static Result<Settings> load(const std::filesystem::path& workspace);
  static Result<Settings> load(const std::filesystem::path& workspace, ProjectSettingsTrust trust);
  /// From JSON texts (tests); empty text means no file.
  static Result<Settings> from_texts(std::string_view user, std::string_view project,
                                     ProjectSettingsTrust trust = ProjectSettingsTrust::kTrusted);

  /// The value at `pointer`, or `fallback` when absent. A value of the wrong
  /// type also gives `fallback`, and a warning naming the key.
  std::string get_string(std::string_view pointer, const std::string& fallback) const;
  bool get_bool(std::string_view pointer, bool fallback) const;
  int64_t get_int(std::string_view pointer, int64_t fallback) const;
  double get_double(std::string_view pointer, double fallback) const;
  std::vector<std::string> get_strings(std::string_view pointer) const;
  /// The same, read from one file only (`kUser`: settings a cloned repository
  /// must not change, see get_user).
  std::string get_string(std::string_view pointer, const std::string& fallback, SettingsScope scope) const;
  bool get_bool(std::string_view pointer, bool fallback, SettingsScope scope) const;
  /// The strings at `pointer` in one file only (lists that add up across
  /// files rather than replace each other, like permission rules).
  std::vector<std::string> get_strings(std::string_view pointer, SettingsScope scope) const;
  /// The raw merged value (null when absent), for structured sections.
  const nlohmann::json& get(std::string_view pointer) const;
  /// The user's own value at `pointer` (null when absent), whatever the
  /// project's file says: for settings a cloned repository must not change
  /// (network allowances, where an API key is sent).
  const nlohmann::json& get_user(std::string_view pointer) const;
  /// The value in one file only (null when absent): for lists that add up
  /// across files rather than override (merging replaces arrays whole).
  const nlohmann::json& get_in(SettingsScope scope, std::string_view pointer) const;

  /// Sets a value and writes that scope's file (atomically). Creates it.
  Result<void> set(SettingsScope scope, std::string_view pointer, const nlohmann::json& value);

  /// What the project's file sets that was not applied (the project is not
  /// trusted); empty when trusted or nothing was withheld.
  const std::vector<WithheldSetting>& withheld() const { return withheld_; }

  /// Type problems met by the getters so far ("settings /ui/x: expected a boolean").
  const std::vector<std::string>& warnings() const { return warnings_; }
  std::filesystem::path path(SettingsScope scope) const;

 private:
  /// Splits the project's file into what applies and what is withheld, then merges.
  void apply_project();
  /// The string `v` (read at `pointer`), or `fallback` with a warning.
  std::string get_string_of(const nlohmann::json& v, std::string_view pointer, const std::string& fallback) const;
  /// The strings of list `v` (read at `pointer`); anything else is warned about.
  std::vector<std::string> strings_of(const nlohmann::json& v, std::string_view pointer) const;

  std::unique_ptr<nlohmann::json> user_, project_file_, project_, merged_;  ///< project_: the applied part
  std::filesystem::path user_path_, project_path_;
  ProjectSettingsTrust trust_ = ProjectSettingsTrust::kTrusted;
  std::vector<WithheldSetting> withheld_;
  mutable std::vector<std::string> warnings_;
};

}  // namespace pair
