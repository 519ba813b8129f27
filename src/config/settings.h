#pragma once
/// settings.json: user preferences (`<config dir>/settings.json`) overridden
/// by the project's (`<workspace>/.pair/settings.json`). Each module reads its
/// own keys by JSON pointer ("/ui/tool_output") with a default, so adding a
/// setting needs no change here. Writes are atomic and go to one file.

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

class Settings {
 public:
  Settings();
  ~Settings();
  Settings(Settings&&) noexcept;
  Settings& operator=(Settings&&) noexcept;

  /// Reads both files (either may be missing). A file that is not a JSON
  /// object is an error naming the file and line.
  static Result<Settings> load(const std::filesystem::path& workspace);
  /// From JSON texts (tests); empty text means no file.
  static Result<Settings> from_texts(std::string_view user, std::string_view project);

  /// The value at `pointer`, or `fallback` when absent. A value of the wrong
  /// type also gives `fallback`, and a warning naming the key.
  std::string get_string(std::string_view pointer, const std::string& fallback) const;
  bool get_bool(std::string_view pointer, bool fallback) const;
  int64_t get_int(std::string_view pointer, int64_t fallback) const;
  double get_double(std::string_view pointer, double fallback) const;
  std::vector<std::string> get_strings(std::string_view pointer) const;
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

  /// Type problems met by the getters so far ("settings /ui/x: expected a boolean").
  const std::vector<std::string>& warnings() const { return warnings_; }
  std::filesystem::path path(SettingsScope scope) const;

 private:
  void merge();
  /// The strings of list `v` (read at `pointer`); anything else is warned about.
  std::vector<std::string> strings_of(const nlohmann::json& v, std::string_view pointer) const;

  std::unique_ptr<nlohmann::json> user_, project_, merged_;
  std::filesystem::path user_path_, project_path_;
  mutable std::vector<std::string> warnings_;
};

}  // namespace pair
