#pragma once
/// Where the models pair uses come from. Only one models.json applies: the
/// project's `.pair/models.json` when it has usable entries, else the user's
/// (models_config.h). Commands that change or explain an entry say which file
/// that is, so that a fix is written where it takes effect. Pure but for
/// reading whether files exist.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "config/models_config.h"

namespace pair {

enum class ModelsOrigin { kBuiltIn, kUser, kProject };

/// Which file `source` (a ModelConfig::source or ModelsFile::path) is, for
/// `workspace`: empty is the built-in default.
ModelsOrigin models_origin(const std::filesystem::path& source, const std::filesystem::path& workspace);

/// "built-in default", "your models.json", "this project's models.json".
std::string_view models_origin_label(ModelsOrigin origin);

/// The user's models.json when it exists but is not used here because the
/// project's file (`used`) takes precedence; nullopt otherwise.
std::optional<std::filesystem::path> shadowed_user_models(const ModelsFile& used,
                                                          const std::filesystem::path& workspace);

/// The `pair model add` flags that write to the file `origin` names: " --project"
/// for the project's, "" otherwise.
std::string_view models_add_target_flag(ModelsOrigin origin);

}  // namespace pair
