#include "ide/ide_lock.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <nlohmann/json.hpp>

#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

struct Candidate {
  IdeLock lock;
  size_t depth = 0;  // path components of the matching workspace folder
  fs::file_time_type mtime;
};

/// The folder of `folders` that contains `cwd` most closely; nullopt if none.
std::optional<size_t> match_depth(const std::vector<fs::path>& folders, const fs::path& cwd) {
  std::optional<size_t> best;
  for (const auto& folder : folders) {
    std::error_code ec;
    fs::path real = fs::weakly_canonical(folder, ec);
    if (ec) real = folder.lexically_normal();
    if (!is_within(real, cwd)) continue;
    size_t depth = static_cast<size_t>(std::distance(real.begin(), real.end()));
    if (!best || depth > *best) best = depth;
  }
  return best;
}

}  // namespace

fs::path ide_lock_dir() {
  return config_dir() / "ide";
}

Result<IdeLock> parse_ide_lock(std::string_view text, const fs::path& file) {
  auto bad = [&](const std::string& why) { return fail(ErrorCode::kParse, file.string() + ": " + why); };
  IdeLock lock;
  lock.file = file;
  std::string stem = file.stem().string();
  if (stem.empty() || !std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
      stem.size() > 5)
    return bad("the file name is not a port number");
  lock.port = std::stoi(stem);
  if (lock.port <= 0 || lock.port > 65535) return bad("the file name is not a port number");
  auto parsed = parse_json(text, file.string());
  if (!parsed) return std::unexpected(parsed.error());
  const nlohmann::json& j = *parsed;
  if (!j.is_object()) return bad("not a JSON object");
  const nlohmann::json& pid = json_member(j, "pid");
  if (!pid.is_number_integer()) return bad("no pid");
  lock.pid = json_as_int32(pid);
  lock.token = json_string_or(j, "token");
  if (lock.token.empty()) return bad("no token");
  const nlohmann::json& version = json_member(j, "protocolVersion");
  if (!version.is_number_integer()) return bad("no protocolVersion");
  lock.protocol_version = json_as_int32(version, -1);
  if (!json_member(j, "workspaceFolders").is_array()) return bad("no workspaceFolders");
  for (const auto& f : json_array_member(j, "workspaceFolders"))
    if (fs::path folder = json_as_string(f); folder.is_absolute()) lock.workspace_folders.push_back(std::move(folder));
  lock.ide_name = json_string_or(j, "ideName");
  if (lock.ide_name.empty()) lock.ide_name = "the editor";
  return lock;
}

bool process_alive(int pid) {
  if (pid <= 0) return false;
  return ::kill(pid, 0) == 0 || errno == EPERM;
}

IdeLockScan find_ide_locks(const fs::path& dir, const fs::path& cwd, std::optional<int> preferred_port,
                           const std::function<bool(int)>& is_alive) {
  IdeLockScan scan;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return scan;
  std::error_code cwd_ec;
  fs::path here = fs::weakly_canonical(cwd, cwd_ec);
  if (cwd_ec) here = cwd.lexically_normal();

  std::vector<Candidate> candidates;
  for (const auto& entry : it) {
    const fs::path& file = entry.path();
    if (file.extension() != ".json") continue;
    std::string name = file.filename().string();
    auto skip = [&](const std::string& why) { scan.skipped.push_back(name + ": " + why); };
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
      skip("not a regular file");
      continue;
    }
    if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
      skip("foreign (owned by another user, or writable by others)");
      continue;
    }
    auto text = read_file_to_string(file);
    if (!text) {
      skip("unreadable (" + text.error().message + ")");
      continue;
    }
    auto lock = parse_ide_lock(*text, file);
    if (!lock) {
      skip("malformed (" + lock.error().message + ")");
      continue;
    }
    if (lock->protocol_version != kIdeProtocolVersion) {
      skip("protocol version " + std::to_string(lock->protocol_version) + ", pair speaks " +
           std::to_string(kIdeProtocolVersion) + " (update pair or the extension)");
      continue;
    }
    if (!is_alive(lock->pid)) {
      skip("stale (process " + std::to_string(lock->pid) + " is gone)");
      continue;
    }
    auto depth = match_depth(lock->workspace_folders, here);
    if (!depth) {
      skip("a window for another workspace");
      continue;
    }
    candidates.push_back({std::move(*lock), *depth, entry.last_write_time(ec)});
  }
  std::stable_sort(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
    bool pa = preferred_port && a.lock.port == *preferred_port, pb = preferred_port && b.lock.port == *preferred_port;
    if (pa != pb) return pa;
    if (a.depth != b.depth) return a.depth > b.depth;
    return a.mtime > b.mtime;
  });
  for (auto& c : candidates) scan.usable.push_back(std::move(c.lock));
  return scan;
}

}  // namespace pair
