#include "local/server_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "util/atomic_file.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/unique_fd.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

fs::path servers_dir() {
  return state_dir() / "servers";
}
fs::path slot_save_dir() {
  return state_dir() / "slots";
}
fs::path server_record_path(int port) {
  return servers_dir() / ("port-" + std::to_string(port) + ".json");
}
fs::path server_log_path(int port) {
  return servers_dir() / ("port-" + std::to_string(port) + ".log");
}
fs::path server_lock_path(int port) {
  return servers_dir() / ("port-" + std::to_string(port) + ".lock");
}

Result<void> start_server_log(int port, std::string_view header) {
  if (auto made = make_private_dir(servers_dir()); !made) return made;
  fs::path log = server_log_path(port);
  std::error_code ec;
  if (fs::exists(log, ec)) {
    fs::path previous = log.string() + ".1";
    fs::rename(log, previous, ec);
    ::chmod(previous.c_str(), 0600);  // an older pair wrote logs 0644
  }
  UniqueFd fd(::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) return fail(ErrorCode::kIo, "cannot open " + log.string() + ": " + std::strerror(errno));
  ::fchmod(fd.get(), 0600);
  while (!header.empty()) {
    ssize_t n = ::write(fd.get(), header.data(), header.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(ErrorCode::kIo, "cannot write " + log.string() + ": " + std::strerror(errno));
    header.remove_prefix(static_cast<size_t>(n));
  }
  return {};
}

std::string server_record_to_json(const ServerRecord& r) {
  json j = {{"version", r.version},
            {"kind", r.kind},
            {"name", r.name},
            {"pid", r.pid},
            {"host", r.host},
            {"port", r.port},
            {"model", r.model},
            {"alias", r.alias},
            {"context", r.context},
            {"model_bytes", r.model_bytes},
            {"argv", r.argv},
            {"settings", r.settings},
            {"log", r.log.string()},
            {"slot_save_path", r.slot_save_path.string()},
            {"started_unix", r.started_unix}};
  return dump_json(j, 2) + "\n";
}

Result<ServerRecord> server_record_from_json(std::string_view text, const fs::path& source) {
  auto parsed = parse_json(text, source.string());
  if (!parsed) return std::unexpected(parsed.error());
  const json& j = *parsed;
  if (!j.is_object()) return fail(ErrorCode::kParse, source.string() + ": not a server record (not a JSON object)");
  ServerRecord r;
  r.version = json_as_int32(json_member(j, "version"), 1);
  r.kind = json_string_or(j, "kind", "llama.cpp");
  r.name = json_string_or(j, "name");
  r.pid = json_as_int32(json_member(j, "pid"));
  r.host = json_string_or(j, "host", "127.0.0.1");
  r.port = json_as_int32(json_member(j, "port"));
  r.model = json_string_or(j, "model");
  r.alias = json_string_or(j, "alias");
  r.context = static_cast<uint64_t>(std::max<int64_t>(0, json_int_or(j, "context")));
  r.model_bytes = static_cast<uint64_t>(std::max<int64_t>(0, json_int_or(j, "model_bytes")));
  for (const auto& a : json_array_member(j, "argv"))
    if (a.is_string()) r.argv.push_back(json_as_string(a));
  r.settings = json_string_or(j, "settings");
  r.log = json_string_or(j, "log");
  r.slot_save_path = json_string_or(j, "slot_save_path");
  r.started_unix = json_int_or(j, "started_unix");
  if (r.pid <= 0 || r.port <= 0 || r.port > 65535)
    return fail(ErrorCode::kParse, source.string() + ": bad pid or port (not a whole number in range)");
  return r;
}

std::optional<ServerRecord> read_server_record(int port) {
  fs::path path = server_record_path(port);
  auto text = read_file_to_string(path);
  if (!text) return std::nullopt;
  auto r = server_record_from_json(*text, path);
  if (!r || r->port != port) return std::nullopt;
  return *r;
}

Result<void> write_server_record(const ServerRecord& r) {
  return write_file_atomically(server_record_path(r.port), server_record_to_json(r), FileAccess::kPrivate);
}

void remove_server_record(int port) {
  std::error_code ec;
  fs::remove(server_record_path(port), ec);
}

std::vector<ServerRecord> list_server_records() {
  std::vector<ServerRecord> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(servers_dir(), ec)) {
    std::string name = e.path().filename().string();
    if (!name.starts_with("port-") || !name.ends_with(".json")) continue;
    auto text = read_file_to_string(e.path());
    if (!text) continue;
    if (auto r = server_record_from_json(*text, e.path())) out.push_back(std::move(*r));
  }
  std::sort(out.begin(), out.end(), [](const ServerRecord& a, const ServerRecord& b) { return a.port < b.port; });
  return out;
}

}  // namespace pair
