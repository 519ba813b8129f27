#include "util/paths.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace pair {
namespace fs = std::filesystem;

namespace {

fs::path xdg(const char* var, const char* fallback) {
  const char* v = std::getenv(var);
  if (v && *v && fs::path(v).is_absolute()) return fs::path(v) / "pair";
  return home_dir() / fallback / "pair";
}

}  // namespace

fs::path home_dir() {
  if (const char* h = std::getenv("HOME"); h && *h) return h;
  if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
  return "/";
}

fs::path config_dir() {
  return xdg("XDG_CONFIG_HOME", ".config");
}
fs::path data_dir() {
  return xdg("XDG_DATA_HOME", ".local/share");
}
fs::path state_dir() {
  return xdg("XDG_STATE_HOME", ".local/state");
}
fs::path cache_dir() {
  return xdg("XDG_CACHE_HOME", ".cache");
}

fs::path expand_home(const std::string& p) {
  if (p == "~") return home_dir();
  if (p.starts_with("~/")) return home_dir() / p.substr(2);
  return p;
}

fs::path resolve_path(const fs::path& base, const std::string& p) {
  fs::path path = expand_home(p);
  if (!path.is_absolute()) path = base / path;
  path = path.lexically_normal();
  // "a/b/" normalizes to "a/b/" with an empty filename; drop it for comparisons.
  if (!path.has_filename() && path != path.root_path()) path = path.parent_path();
  return path;
}

bool is_within(const fs::path& root, const fs::path& p) {
  auto r = root.begin(), re = root.end();
  auto i = p.begin(), ie = p.end();
  for (; r != re; ++r, ++i) {
    if (r->empty()) continue;  // trailing separator
    if (i == ie || *i != *r) return false;
  }
  return true;
}

std::string display_path(const fs::path& root, const fs::path& p) {
  if (p == root) return ".";
  if (is_within(root, p)) return p.lexically_relative(root).string();
  return p.string();
}

}  // namespace pair
