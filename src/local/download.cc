#include "local/download.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "local/gguf_model.h"
#include "util/paths.h"
#include "util/sha256.h"
#include "util/unique_fd.h"

namespace pair {
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

Error disk_error(int err, const fs::path& path, uint64_t done, uint64_t total) {
  std::string what = std::strerror(err);
  if (err == ENOSPC || err == EFBIG || err == EDQUOT) {
    return {ErrorCode::kIo, "disk full: cannot write " + path.string() + " (" + what + ") after " + format_bytes(done) +
                                (total ? " of " + format_bytes(total) : std::string()) + "; " +
                                format_bytes(free_disk_bytes(path.parent_path())) +
                                " free there. Free some space (or set PAIR_MODELS_DIR to a larger disk) and run the "
                                "same command again: it resumes"};
  }
  return {ErrorCode::kIo, "cannot write " + path.string() + ": " + what};
}

/// Hashes what a previous run left in the .part file.
Result<uint64_t> hash_existing(const fs::path& part, Sha256& hash) {
  int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return uint64_t{0};
  UniqueFd guard(fd);
  std::string buf(1 << 20, '\0');
  uint64_t total = 0;
  for (;;) {
    ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(ErrorCode::kIo, "cannot read " + part.string() + ": " + std::strerror(errno));
    if (n == 0) break;
    hash.update(std::string_view(buf.data(), static_cast<size_t>(n)));
    total += static_cast<uint64_t>(n);
  }
  return total;
}

std::string http_hint(int status) {
  switch (status) {
    case 401:
    case 403: return " (the repository is gated or private: accept its terms on huggingface.co and set HF_TOKEN)";
    case 404: return " (no such file or repository)";
    case 429: return " (rate limited: wait a little, or set HF_TOKEN)";
    default: return "";
  }
}

}  // namespace

uint64_t free_disk_bytes(const fs::path& dir) {
  struct statvfs s {};
  if (::statvfs(dir.c_str(), &s) != 0) return 0;
  return static_cast<uint64_t>(s.f_bavail) * s.f_frsize;
}

Result<void> download_file(HttpClient& http, const DownloadJob& job, const DownloadOptions& o, std::stop_token stop) {
  // Past RLIMIT_FSIZE the kernel sends SIGXFSZ, which would kill pair; as an error it can be reported.
  ::signal(SIGXFSZ, SIG_IGN);
  std::error_code ec;
  // In pair's own data directory a model is private like the rest (0600 in
  // 0700 directories: which models a user runs is theirs to tell; pair and its
  // servers run as that user). A PAIR_MODELS_DIR elsewhere, perhaps shared,
  // keeps the umask's modes.
  bool is_private = !pair_dir_holding(job.dest).empty();
  if (is_private) {
    if (auto made = make_private_dir(job.dest.parent_path()); !made) return made;
  } else {
    fs::create_directories(job.dest.parent_path(), ec);
  }
  fs::path part = job.dest.string() + ".part";

  Sha256 hash;
  auto existing = hash_existing(part, hash);
  if (!existing) return std::unexpected(existing.error());
  uint64_t done = *existing;
  if (job.size > 0 && done > job.size) {  // longer than the file: not ours to resume
    fs::remove(part, ec);
    hash = Sha256();
    done = 0;
  }
  if (job.size > done) {
    uint64_t free = free_disk_bytes(job.dest.parent_path());
    if (free > 0 && free < job.size - done)
      return fail(ErrorCode::kIo, "not enough disk space for " + job.dest.filename().string() + ": it needs " +
                                      format_bytes(job.size - done) + " more, " + format_bytes(free) + " is free in " +
                                      job.dest.parent_path().string() + " (set PAIR_MODELS_DIR to use another disk)");
  }

  int attempt = 0;
  auto started = Clock::now();
  uint64_t started_at = done;
  auto last_report = Clock::now() - std::chrono::seconds(1);
  auto report = [&](const std::string& note, bool force) {
    if (!o.on_progress) return;
    auto now = Clock::now();
    if (!force && now - last_report < std::chrono::milliseconds(200)) return;
    last_report = now;
    double secs = std::chrono::duration<double>(now - started).count();
    o.on_progress({done, job.size, secs > 0 ? static_cast<double>(done - started_at) / secs : 0, note});
  };

  while (job.size == 0 || done < job.size) {
    ++attempt;
    int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, is_private ? 0600 : 0644);
    if (fd < 0) return std::unexpected(disk_error(errno, part, done, job.size));
    UniqueFd guard(fd);
    if (is_private) ::fchmod(fd, 0600);  // a part an older pair left 0644
    HttpRequest rq;
    rq.method = "GET";
    rq.url = job.url;
    rq.headers = job.headers;
    rq.follow_redirects = true;
    rq.connect_timeout = std::chrono::seconds(20);
    rq.idle_timeout = std::chrono::seconds(60);
    if (done > 0) rq.headers.push_back("Range: bytes=" + std::to_string(done) + "-");
    bool range_satisfied_already = false;
    auto on_start = [&](const HttpResponse& r) -> Result<void> {
      if (r.status == 206) {
        std::string range = r.header("content-range");  // "bytes 100-199/200"
        if (!range.starts_with("bytes " + std::to_string(done) + "-"))
          return fail(ErrorCode::kProtocol, "the server resumed at the wrong place (" + range + ")");
      } else if (r.status == 200) {
        if (done > 0) {  // the server ignored the Range: start over
          hash = Sha256();
          done = 0;
          started_at = 0;
        }
      } else if (r.status == 416 && job.size > 0 && done == job.size) {
        range_satisfied_already = true;
        return {};
      } else {
        return {};  // an error status: its body is collected and reported below
      }
      if (::ftruncate(fd, static_cast<off_t>(done)) != 0 || ::lseek(fd, static_cast<off_t>(done), SEEK_SET) < 0)
        return std::unexpected(disk_error(errno, part, done, job.size));
      return {};
    };
    auto on_body = [&](std::string_view chunk) -> Result<void> {
      while (!chunk.empty()) {
        ssize_t n = ::write(fd, chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return std::unexpected(disk_error(errno, part, done, job.size));
        hash.update(chunk.substr(0, static_cast<size_t>(n)));
        done += static_cast<uint64_t>(n);
        chunk.remove_prefix(static_cast<size_t>(n));
      }
      if (job.size > 0 && done > job.size)
        return fail(ErrorCode::kProtocol, "the server sent more than the " + format_bytes(job.size) + " expected");
      report("", false);
      return {};
    };
    auto r = http.send(rq, on_start, on_body, stop);
    if (r && range_satisfied_already) break;
    if (r && r->status >= 200 && r->status < 300) {
      if (job.size == 0) break;
      if (done >= job.size) break;
      // A clean end before all bytes came: treat like a dropped connection.
    } else if (r && (r->status >= 500 || r->status == 429) && attempt < o.max_attempts) {
      // The CDN or the Hub had a bad moment: try again.
    } else if (r) {
      return fail(ErrorCode::kHttp,
                  "download of " + job.url + " failed: HTTP " + std::to_string(r->status) + http_hint(r->status),
                  r->status);
    } else {
      const Error& e = r.error();
      bool transient =
          e.code == ErrorCode::kConnection || e.code == ErrorCode::kDisconnected || e.code == ErrorCode::kTimeout;
      if (!transient) return std::unexpected(e);  // disk full, cancelled, protocol: no point retrying
      if (attempt >= o.max_attempts)
        return fail(e.code, e.message + " (after " + std::to_string(attempt) + " attempts; " + format_bytes(done) +
                                " kept in " + part.string() + ": run the same command again to resume)");
    }
    if (attempt >= o.max_attempts)
      return fail(ErrorCode::kDisconnected, "the download of " + job.url + " kept ending early (" + format_bytes(done) +
                                                " of " + format_bytes(job.size) + ")");
    report("connection dropped at " + format_bytes(done) + "; resuming (attempt " + std::to_string(attempt + 1) +
               " of " + std::to_string(o.max_attempts) + ")",
           true);
    for (auto until = Clock::now() + o.retry_delay * attempt; Clock::now() < until;) {
      if (stop.stop_requested()) return fail(ErrorCode::kCancelled, "download cancelled");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  report("", true);
  if (job.size > 0 && done != job.size)
    return fail(ErrorCode::kProtocol, job.dest.filename().string() + ": got " + std::to_string(done) +
                                          " bytes, expected " + std::to_string(job.size));
  if (!job.sha256.empty()) {
    std::string got = hash.hex_digest();
    if (got != job.sha256) {
      fs::remove(part, ec);
      return fail(ErrorCode::kProtocol, "checksum mismatch for " + job.dest.filename().string() + ": expected sha256 " +
                                            job.sha256 + ", got " + got +
                                            "; the download was corrupted and has been deleted. Run the command "
                                            "again to download it anew");
    }
  }
  {
    int fd = ::open(part.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  fs::rename(part, job.dest, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot rename " + part.string() + ": " + ec.message());
  return {};
}

}  // namespace pair
