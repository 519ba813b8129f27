#pragma once
/// Writes that either fully happen or leave the old file untouched.

#include <filesystem>
#include <string_view>

#include "util/error.h"

namespace pair {

/// Who may read what write_file_atomically writes.
enum class FileAccess {
  /// Private (as kPrivate) inside pair's own directories (util/paths.h
  /// pair_dirs()); elsewhere (a workspace) as the file was: an existing file
  /// keeps its permission bits, a new one gets 0666 less the umask.
  kByLocation,
  /// 0600 for a new file; an existing one loses its group and other bits.
  /// Missing parent directories are made as make_private_dir makes them.
  kPrivate,
};

/// Writes `content` to `path` through a temporary file in the same directory,
/// fsync, then rename. The permission bits follow `access`; an existing file
/// keeps its owner where permitted. Creates missing parent directories. On any
/// failure the original file is intact and the temporary removed; the error
/// names the path and the system's reason.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content,
                                   FileAccess access = FileAccess::kByLocation);

/// Reads a whole regular file. Errors name the path.
Result<std::string> read_file_to_string(const std::filesystem::path& path);

}  // namespace pair
