#include "config/models_origin.h"

#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

ModelsOrigin models_origin(const fs::path& source, const fs::path& workspace) {
  if (source.empty()) return ModelsOrigin::kBuiltIn;
  fs::path project = workspace / ".pair" / "models.json";
  std::error_code ec;
  // The same file reached by another spelling (a symlinked workspace) is still the project's.
  if (source.lexically_normal() == project.lexically_normal() || fs::equivalent(source, project, ec))
    return ModelsOrigin::kProject;
  return ModelsOrigin::kUser;
}

std::string_view models_origin_label(ModelsOrigin origin) {
  switch (origin) {
    case ModelsOrigin::kBuiltIn: return "built-in default";
    case ModelsOrigin::kUser: return "your models.json";
    case ModelsOrigin::kProject: return "this project's models.json";
  }
  return "";
}

std::optional<fs::path> shadowed_user_models(const ModelsFile& used, const fs::path& workspace) {
  if (models_origin(used.path, workspace) != ModelsOrigin::kProject) return std::nullopt;
  fs::path user = config_dir() / "models.json";
  std::error_code ec;
  if (!fs::exists(user, ec)) return std::nullopt;
  return user;
}

std::string_view models_add_target_flag(ModelsOrigin origin) {
  return origin == ModelsOrigin::kProject ? " --project" : "";
}

}  // namespace pair
