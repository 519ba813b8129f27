#include "util/paths.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "util/fnv1a.h"

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

std::vector<fs::path> pair_dirs() {
  return {config_dir(), data_dir(), state_dir(), cache_dir()};
}

fs::path pair_dir_holding(const fs::path& p) {
  std::error_code ec;
  fs::path abs = p.is_absolute() ? p : fs::absolute(p, ec);
  abs = abs.lexically_normal();
  for (const fs::path& dir : pair_dirs()) {
    fs::path d = dir.lexically_normal();
    if (is_within(d, abs)) return d;
  }
  return {};
}

Result<void> make_private_dir(const fs::path& dir) {
  std::error_code ec;
  fs::path target = (dir.is_absolute() ? dir : fs::absolute(dir, ec)).lexically_normal();
  if (!target.has_filename() && target != target.root_path()) target = target.parent_path();
  fs::path built;
  for (const fs::path& part : target) {
    built /= part;
    struct stat st {};
    if (::stat(built.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode))
        return fail(ErrorCode::kIo, "cannot create directory " + built.string() + ": a file is in the way");
      continue;
    }
    if (::mkdir(built.c_str(), 0700) != 0 && errno != EEXIST)
      return fail(ErrorCode::kIo, "cannot create directory " + built.string() + ": " + std::strerror(errno));
  }
  fs::path root = pair_dir_holding(target);
  if (root.empty()) return {};
  for (fs::path p = target;; p = p.parent_path()) {
    struct stat st {};
    // Group and other bits off, the owner's kept; best effort (a directory this
    // user cannot change is not one a private file can be written into either).
    if (::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0)
      ::chmod(p.c_str(), st.st_mode & 07700);
    if (p == root || p == p.parent_path()) break;
  }
  return {};
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

std::string path_slug(std::string_view path) {
  std::string slug;
  for (char c : path) slug += std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ? c : '-';
  while (slug.starts_with("-")) slug.erase(0, 1);
  if (slug.size() > 60) slug = slug.substr(slug.size() - 60);
  char hash[20];
  std::snprintf(hash, sizeof hash, "%08llx", static_cast<unsigned long long>(fnv1a_64(path) & 0xFFFFFFFFULL));
  return slug + "-" + hash;
}

}  // namespace pair
