#pragma once
/// Where pair keeps its files (XDG base directories) and path arithmetic for
/// the workspace boundary.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

/// `$XDG_CONFIG_HOME/pair` or `~/.config/pair`: models.json, settings.
std::filesystem::path config_dir();
/// `$XDG_DATA_HOME/pair` or `~/.local/share/pair`: sessions, models.
std::filesystem::path data_dir();
/// `$XDG_STATE_HOME/pair` or `~/.local/state/pair`: server pids and logs.
std::filesystem::path state_dir();
/// `$XDG_CACHE_HOME/pair` or `~/.cache/pair`.
std::filesystem::path cache_dir();
/// `$HOME`, or the password database entry when HOME is unset.
std::filesystem::path home_dir();

/// pair's own directories: config_dir(), data_dir(), state_dir(), cache_dir().
/// What pair writes there is private: files 0600 in directories 0700.
std::vector<std::filesystem::path> pair_dirs();
/// The one of pair_dirs() that holds `p` (lexically, `p` itself included);
/// empty when none does. A relative `p` is taken against the working directory.
std::filesystem::path pair_dir_holding(const std::filesystem::path& p);
/// Creates `dir` and its missing parents, each new one 0700. Inside one of
/// pair_dirs(), `dir` and every directory between it and that pair directory
/// (both included) that this user owns lose their group and other bits too, so
/// a directory an older pair made 0755 becomes 0700 when it is next used;
/// directories outside pair's own are never changed. Errors name the directory.
Result<void> make_private_dir(const std::filesystem::path& dir);

/// A file name standing for the directory `path`: its last 60 characters with
/// all but letters, digits, '.' and '_' made '-' (leading ones dropped), then
/// '-' and 8 hex digits of fnv1a_64(path). Session folders and history files
/// on disk are named by it, so it must not change.
std::string path_slug(std::string_view path);

/// Expands a leading `~/`.
std::filesystem::path expand_home(const std::string& p);
/// Resolves `p` against `base` (unless absolute) and normalizes `.`/`..`
/// lexically; symlinks are not followed.
std::filesystem::path resolve_path(const std::filesystem::path& base, const std::string& p);
/// True when `p` is `root` or lies below it (both lexically normal, absolute).
bool is_within(const std::filesystem::path& root, const std::filesystem::path& p);
/// `p` relative to `root` when within it, else `p` unchanged; for display.
std::string display_path(const std::filesystem::path& root, const std::filesystem::path& p);

}  // namespace pair
