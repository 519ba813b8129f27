#pragma once
/// Tests only: a fresh private directory under the system's temp directory,
/// removed with everything in it when the object goes. `write` puts a file
/// there (folders made as needed).

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace pair::testing {

class ScopedTempDir {
 public:
  explicit ScopedTempDir(const std::string& prefix) {
    std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
    if (::mkdtemp(tmpl.data())) path_ = tmpl;
  }
  ~ScopedTempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  /// Empty when the directory could not be made.
  const std::filesystem::path& path() const { return path_; }
  /// Writes `text` to `path` (absolute, or relative to this directory).
  void write(const std::filesystem::path& path, const std::string& text) const {
    std::filesystem::path p = path.is_absolute() ? path : path_ / path;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

 private:
  std::filesystem::path path_;
};

}  // namespace pair::testing
