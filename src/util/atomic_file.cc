#include "util/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

std::string sys_error(std::string_view what, const fs::path& p, int err) {
  return std::string(what) + " " + p.string() + ": " + std::strerror(err);
}

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

Result<void> write_file_atomically(const fs::path& path, std::string_view content, FileAccess access) {
  std::error_code ec;
  fs::path dir = path.parent_path();
  if (dir.empty()) dir = ".";
  bool is_private = access == FileAccess::kPrivate || !pair_dir_holding(path).empty();
  if (is_private) {
    if (auto made = make_private_dir(dir); !made) return made;
  } else {
    fs::create_directories(dir, ec);
    if (ec) return fail(ErrorCode::kIo, "cannot create directory " + dir.string() + ": " + ec.message());
  }

  struct stat existing {};
  bool exists = ::stat(path.c_str(), &existing) == 0;
  if (exists && !S_ISREG(existing.st_mode))
    return fail(ErrorCode::kInvalidArgument,
                path.string() + " is not a regular file (device, FIFO, socket or directory); not writing it");

  std::string tmpl = (dir / ("." + path.filename().string() + ".pair-XXXXXX")).string();
  int fd = ::mkstemp(tmpl.data());
  if (fd < 0) return fail(ErrorCode::kIo, sys_error("cannot create a temporary file beside", path, errno));

  auto abandon = [&](std::string message) {
    ::close(fd);
    ::unlink(tmpl.c_str());
    return fail(ErrorCode::kIo, std::move(message));
  };

  mode_t mode;
  if (exists) {
    mode = existing.st_mode & (is_private ? 07700 : 07777);
  } else if (is_private) {
    mode = 0600;
  } else {
    mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0) return abandon(sys_error("cannot set the mode of", tmpl, errno));
  if (exists && (existing.st_uid != ::geteuid() || existing.st_gid != ::getegid())) {
    // Best effort: only root (or the owner, for the group) may do this.
    [[maybe_unused]] int r = ::fchown(fd, existing.st_uid, existing.st_gid);
  }
  if (!write_all(fd, content)) return abandon(sys_error("cannot write", path, errno));
  if (::fsync(fd) != 0) return abandon(sys_error("cannot flush", path, errno));
  if (::close(fd) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    return fail(ErrorCode::kIo, sys_error("cannot write", path, err));
  }
  if (::rename(tmpl.c_str(), path.c_str()) != 0) {
    int err = errno;
    ::unlink(tmpl.c_str());
    return fail(ErrorCode::kIo, sys_error("cannot replace", path, err));
  }
  // Make the rename itself durable.
  if (int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Result<std::string> read_file_to_string(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kNotFound, sys_error("cannot open", path, errno));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return fail(ErrorCode::kIo, sys_error("cannot read", path, errno));
  return ss.str();
}

}  // namespace pair
