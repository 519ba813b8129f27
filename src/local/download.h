#pragma once
/// One file over HTTP into place, the way model files need it: into
/// `<dest>.part`, resumed with a Range request after a dropped connection
/// (and across runs), hashed while it arrives, size and SHA-256 checked
/// before the rename to `<dest>`, and a full disk reported as such.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <vector>

#include "http/http_client.h"
#include "util/error.h"

namespace pair {

struct DownloadJob {
  std::string url;
  std::vector<std::string> headers;  ///< e.g. the Authorization header
  std::filesystem::path dest;
  uint64_t size = 0;   ///< expected; 0: unknown (not checked)
  std::string sha256;  ///< expected hex digest; empty: not checked
};

struct DownloadProgress {
  uint64_t done = 0;
  uint64_t total = 0;
  double bytes_per_second = 0;
  std::string note;  ///< "connection dropped at 1.2 GB; resuming (attempt 2 of 6)"
};
using DownloadProgressHandler = std::function<void(const DownloadProgress&)>;

struct DownloadOptions {
  int max_attempts = 6;  ///< attempts in this run; a later run resumes the .part file too
  std::chrono::milliseconds retry_delay{1000};
  DownloadProgressHandler on_progress;
};

/// Errors: kHttp (status, with a hint for 401/403/404), kConnection after the
/// last attempt, kIo for the disk (a full disk says so and keeps the .part
/// file for a later resume), kProtocol for a size or checksum mismatch (the
/// corrupt .part file is deleted), kCancelled. A file-size limit
/// (RLIMIT_FSIZE) reads as a full disk only where the program ignores SIGXFSZ
/// (pair's main does): a library must not change signal dispositions.
Result<void> download_file(HttpClient& http, const DownloadJob& job, const DownloadOptions& options,
                           std::stop_token stop = {});

/// Free bytes for an unprivileged user on the file system of `dir`.
uint64_t free_disk_bytes(const std::filesystem::path& dir);

}  // namespace pair
