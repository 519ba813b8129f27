#pragma once
/// Writes that either fully happen or leave the old file untouched.

#include <filesystem>
#include <string_view>

#include "util/error.h"

namespace pair {

/// Writes `content` to `path` through a temporary file in the same directory,
/// fsync, then rename. An existing file keeps its permission bits (and owner,
/// where permitted); a new one gets 0644 less the umask. Creates missing parent
/// directories. On any failure the original file is intact and the temporary
/// removed; the error names the path and the system's reason.
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// Reads a whole regular file. Errors name the path.
Result<std::string> read_file_to_string(const std::filesystem::path& path);

}  // namespace pair
