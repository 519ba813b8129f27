#include "local/download.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "local/gguf_model.h"
#include "util/byte_size.h"
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

/// Creates the folder `dest` goes in. In pair's own data directory a model is
/// private like the rest (0600 in 0700 directories: which models a user runs is
/// theirs to tell; pair and its servers run as that user). A PAIR_MODELS_DIR
/// elsewhere, perhaps shared, keeps the umask's modes. Says which it is.
Result<bool> make_destination_dir(const fs::path& dest) {
  bool is_private = !pair_dir_holding(dest).empty();
  if (is_private) {
    if (auto made = make_private_dir(dest.parent_path()); !made) return std::unexpected(made.error());
  } else {
    std::error_code ec;
    fs::create_directories(dest.parent_path(), ec);
  }
  return is_private;
}

/// One download across its attempts: the .part file, the bytes in it and their hash.
struct Transfer {
  const DownloadJob& job;
  const DownloadOptions& options;
  fs::path part;
  bool is_private = false;
  Sha256 hash;
  uint64_t done = 0;
  uint64_t started_at = 0;  ///< bytes there when this run began (for the speed)
  Clock::time_point started = Clock::now();
  Clock::time_point last_report = Clock::now() - std::chrono::seconds(1);

  /// Progress to options.on_progress, at most every 200 ms unless `force`.
  void report(const std::string& note, bool force) {
    if (!options.on_progress) return;
    auto now = Clock::now();
    if (!force && now - last_report < std::chrono::milliseconds(200)) return;
    last_report = now;
    double secs = std::chrono::duration<double>(now - started).count();
    options.on_progress({done, job.size, secs > 0 ? static_cast<double>(done - started_at) / secs : 0, note});
  }
};

/// Takes up what a previous run left in the .part file (dropped when longer
/// than the file) and checks that the rest fits on the disk.
Result<void> resume_part(Transfer& t) {
  std::error_code ec;
  auto existing = hash_existing(t.part, t.hash);
  if (!existing) return std::unexpected(existing.error());
  t.done = *existing;
  if (t.job.size > 0 && t.done > t.job.size) {  // longer than the file: not ours to resume
    fs::remove(t.part, ec);
    t.hash = Sha256();
    t.done = 0;
  }
  if (t.job.size > t.done) {
    uint64_t free = free_disk_bytes(t.job.dest.parent_path());
    if (free > 0 && free < t.job.size - t.done)
      return fail(ErrorCode::kIo, "not enough disk space for " + t.job.dest.filename().string() + ": it needs " +
                                      format_bytes(t.job.size - t.done) + " more, " + format_bytes(free) +
                                      " is free in " + t.job.dest.parent_path().string() +
                                      " (set PAIR_MODELS_DIR to use another disk)");
  }
  t.started_at = t.done;
  t.started = Clock::now();  // the speed counts this run's bytes from here
  t.last_report = t.started - std::chrono::seconds(1);
  return {};
}

/// One GET of the rest of the file, appended to the .part file as it arrives.
/// `already_complete` is set when the server answers that the range starts at
/// the end of a file of the expected size (416).
Result<HttpResponse> fetch_rest(HttpClient& http, Transfer& t, bool& already_complete, std::stop_token stop) {
  const DownloadJob& job = t.job;
  int fd = ::open(t.part.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, t.is_private ? 0600 : 0644);
  if (fd < 0) return std::unexpected(disk_error(errno, t.part, t.done, job.size));
  UniqueFd guard(fd);
  if (t.is_private) ::fchmod(fd, 0600);  // a part an older pair left 0644
  HttpRequest rq;
  rq.method = "GET";
  rq.url = job.url;
  rq.headers = job.headers;
  rq.follow_redirects = true;
  rq.connect_timeout = std::chrono::seconds(20);
  rq.idle_timeout = std::chrono::seconds(60);
  if (t.done > 0) rq.headers.push_back("Range: bytes=" + std::to_string(t.done) + "-");
  auto on_start = [&](const HttpResponse& r) -> Result<void> {
    if (r.status == 206) {
      std::string range = r.header("content-range");  // "bytes 100-199/200"
      if (!range.starts_with("bytes " + std::to_string(t.done) + "-"))
        return fail(ErrorCode::kProtocol, "the server resumed at the wrong place (" + range + ")");
    } else if (r.status == 200) {
      if (t.done > 0) {  // the server ignored the Range: start over
        t.hash = Sha256();
        t.done = 0;
        t.started_at = 0;
      }
    } else if (r.status == 416 && job.size > 0 && t.done == job.size) {
      already_complete = true;
      return {};
    } else {
      return {};  // an error status: its body is collected and reported below
    }
    if (::ftruncate(fd, static_cast<off_t>(t.done)) != 0 || ::lseek(fd, static_cast<off_t>(t.done), SEEK_SET) < 0)
      return std::unexpected(disk_error(errno, t.part, t.done, job.size));
    return {};
  };
  auto on_body = [&](std::string_view chunk) -> Result<void> {
    while (!chunk.empty()) {
      ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return std::unexpected(disk_error(errno, t.part, t.done, job.size));
      t.hash.update(chunk.substr(0, static_cast<size_t>(n)));
      t.done += static_cast<uint64_t>(n);
      chunk.remove_prefix(static_cast<size_t>(n));
    }
    if (job.size > 0 && t.done > job.size)
      return fail(ErrorCode::kProtocol, "the server sent more than the " + format_bytes(job.size) + " expected");
    t.report("", false);
    return {};
  };
  return http.send(rq, on_start, on_body, stop);
}

/// After attempt number `attempt`: true when the file is all there, false to
/// try again, or why to give up.
Result<bool> judge_attempt(const Result<HttpResponse>& r, bool already_complete, const Transfer& t, int attempt) {
  const DownloadJob& job = t.job;
  int max_attempts = t.options.max_attempts;
  if (r && already_complete) return true;
  if (r && r->status >= 200 && r->status < 300) {
    if (job.size == 0) return true;
    if (t.done >= job.size) return true;
    // A clean end before all bytes came: treat like a dropped connection.
  } else if (r && (r->status >= 500 || r->status == 429) && attempt < max_attempts) {
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
    if (attempt >= max_attempts)
      return fail(e.code, e.message + " (after " + std::to_string(attempt) + " attempts; " + format_bytes(t.done) +
                              " kept in " + t.part.string() + ": run the same command again to resume)");
  }
  if (attempt >= max_attempts)
    return fail(ErrorCode::kDisconnected, "the download of " + job.url + " kept ending early (" + format_bytes(t.done) +
                                              " of " + format_bytes(job.size) + ")");
  return false;
}

/// Waits `delay` unless `stop` is requested first; false when it was.
bool wait_unless_stopped(std::chrono::milliseconds delay, std::stop_token stop) {
  for (auto until = Clock::now() + delay; Clock::now() < until;) {
    if (stop.stop_requested()) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

/// Checks the size and checksum of the finished .part file (deleting it when
/// corrupt), makes it durable and renames it into place.
Result<void> finish_part(Transfer& t) {
  const DownloadJob& job = t.job;
  std::error_code ec;
  if (job.size > 0 && t.done != job.size)
    return fail(ErrorCode::kProtocol, job.dest.filename().string() + ": got " + std::to_string(t.done) +
                                          " bytes, expected " + std::to_string(job.size));
  if (!job.sha256.empty()) {
    std::string got = t.hash.hex_digest();
    if (got != job.sha256) {
      fs::remove(t.part, ec);
      return fail(ErrorCode::kProtocol, "checksum mismatch for " + job.dest.filename().string() + ": expected sha256 " +
                                            job.sha256 + ", got " + got +
                                            "; the download was corrupted and has been deleted. Run the command "
                                            "again to download it anew");
    }
  }
  {
    int fd = ::open(t.part.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  }
  fs::rename(t.part, job.dest, ec);
  if (ec) return fail(ErrorCode::kIo, "cannot rename " + t.part.string() + ": " + ec.message());
  return {};
}

}  // namespace

uint64_t free_disk_bytes(const fs::path& dir) {
  struct statvfs s {};
  if (::statvfs(dir.c_str(), &s) != 0) return 0;
  return static_cast<uint64_t>(s.f_bavail) * s.f_frsize;
}

Result<void> download_file(HttpClient& http, const DownloadJob& job, const DownloadOptions& o, std::stop_token stop) {
  auto is_private = make_destination_dir(job.dest);
  if (!is_private) return std::unexpected(is_private.error());
  Transfer t{.job = job, .options = o, .part = job.dest.string() + ".part", .is_private = *is_private};
  if (auto resumed = resume_part(t); !resumed) return resumed;

  for (int attempt = 1; job.size == 0 || t.done < job.size; ++attempt) {
    bool already_complete = false;
    auto r = fetch_rest(http, t, already_complete, stop);
    auto finished = judge_attempt(r, already_complete, t, attempt);
    if (!finished) return std::unexpected(finished.error());
    if (*finished) break;
    t.report("connection dropped at " + format_bytes(t.done) + "; resuming (attempt " + std::to_string(attempt + 1) +
                 " of " + std::to_string(o.max_attempts) + ")",
             true);
    if (!wait_unless_stopped(o.retry_delay * attempt, stop)) return fail(ErrorCode::kCancelled, "download cancelled");
  }
  t.report("", true);
  return finish_part(t);
}

}  // namespace pair
