#include "app/prompt_cache_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <vector>

#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

uintmax_t prune_prompt_cache_files(const fs::path& dir, uintmax_t max_bytes) {
  struct File {
    fs::path path;
    uintmax_t size;
    fs::file_time_type written;
  };
  std::vector<File> files;
  uintmax_t total = 0;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return 0;
  (void)make_private_dir(dir);
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".bin") continue;
    File f{entry.path(), entry.file_size(ec), entry.last_write_time(ec)};
    if (ec) continue;
    struct stat st {};
    if (::stat(f.path.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0)
      ::chmod(f.path.c_str(), st.st_mode & 07700);
    total += f.size;
    files.push_back(std::move(f));
  }
  std::sort(files.begin(), files.end(), [](const File& a, const File& b) { return a.written < b.written; });
  uintmax_t freed = 0;
  for (const auto& f : files) {
    if (total - freed <= max_bytes) break;
    if (fs::remove(f.path, ec)) freed += f.size;
  }
  return freed;
}

}  // namespace pair
