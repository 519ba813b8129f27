#include "core/session_store.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <random>

#include "core/message_codec.h"
#include "util/atomic_file.h"
#include "util/fnv1a.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string format_time(const char* fmt) {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, fmt, &tm);
  return buf;
}

Result<int> open_append(const fs::path& file, bool create) {
  int flags = O_WRONLY | O_APPEND | O_CLOEXEC | (create ? O_CREAT | O_EXCL : 0);
  int fd = ::open(file.c_str(), flags, 0600);
  if (fd < 0) return fail(ErrorCode::kIo, "cannot open session file " + file.string() + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

std::string utc_timestamp() {
  return format_time("%Y-%m-%dT%H:%M:%SZ");
}

std::string new_session_id() {
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%06x", rd() & 0xFFFFFF);
  return format_time("%Y%m%d-%H%M%S-") + suffix;
}

std::string conversation_fingerprint(const std::vector<Message>& messages, size_t count, const std::string& model_id,
                                     const std::vector<ToolSpec>& tools) {
  std::string text = model_id + "\n";
  for (const auto& t : tools) text += t.name + "\n" + t.description + "\n" + t.parameters_schema + "\n";
  for (size_t i = 0; i < count && i < messages.size(); ++i) text += dump_json(message_to_json(messages[i])) + "\n";
  char hex[20];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a_64(text)));
  return hex;
}

fs::path project_sessions_dir(const fs::path& root, const std::string& cwd) {
  return root / path_slug(cwd);
}

Result<std::unique_ptr<SessionWriter>> SessionWriter::create(const fs::path& root, SessionInfo info) {
  fs::path dir = project_sessions_dir(root, info.cwd);
  std::error_code ec;
  if (auto made = make_private_dir(dir); !made)
    return fail(ErrorCode::kIo, "cannot create the session folder: " + made.error().message);
  fs::permissions(root, fs::perms::owner_all, fs::perm_options::replace, ec);
  info.path = dir / (info.id + ".jsonl");
  auto fd = open_append(info.path, /*create=*/true);
  if (!fd) return std::unexpected(fd.error());
  std::unique_ptr<SessionWriter> w(new SessionWriter(*fd, info.path));
  json header = {{"type", "session"}, {"format", kSessionFormat}, {"id", info.id},
                 {"cwd", info.cwd},   {"created", info.created},  {"model", info.model}};
  // The working directory's name may hold invalid UTF-8: it is stored with U+FFFD.
  if (auto r = w->write_line(dump_json(header)); !r) return std::unexpected(r.error());
  return w;
}

Result<std::unique_ptr<SessionWriter>> SessionWriter::reopen(const fs::path& file) {
  // Cut a partial last line left by a crash, so the next record starts on its own line.
  auto text = read_file_to_string(file);
  if (!text) return std::unexpected(text.error());
  if (!text->empty() && text->back() != '\n') {
    size_t keep = text->rfind('\n');
    keep = keep == std::string::npos ? 0 : keep + 1;
    if (::truncate(file.c_str(), static_cast<off_t>(keep)) != 0)
      return fail(ErrorCode::kIo, "cannot repair session file " + file.string() + ": " + std::strerror(errno));
  }
  auto fd = open_append(file, /*create=*/false);
  if (!fd) return std::unexpected(fd.error());
  return std::unique_ptr<SessionWriter>(new SessionWriter(*fd, file));
}

SessionWriter::~SessionWriter() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> SessionWriter::write_line(const std::string& line) {
  std::string data = line + "\n";
  // One write per record: with O_APPEND a record is never interleaved, and a
  // crash leaves at worst one partial last line.
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorCode::kIo, "cannot write session file " + path_.string() + ": " + std::strerror(errno));
    }
    done += static_cast<size_t>(n);
  }
  return {};
}

Result<void> SessionWriter::append_message(const Message& m) {
  json record = {{"type", "message"}, {"message", message_to_json(m)}};
  return write_line(dump_json(record));
}

Result<void> SessionWriter::append_compaction(const std::vector<Message>& messages) {
  json list = json::array();
  for (const auto& m : messages)
    if (m.role != Role::kSystem) list.push_back(message_to_json(m));
  return append_record("compaction", json{{"messages", std::move(list)}});
}

Result<void> SessionWriter::append_rewind(size_t dropped) {
  return append_record("rewind", json{{"dropped", dropped}});
}

Result<void> SessionWriter::append_prompt_cache(const PromptCacheRecord& r) {
  return append_record(
      "prompt_cache",
      json{{"file", r.file}, {"fingerprint", r.fingerprint}, {"messages", r.messages}, {"tokens", r.tokens}});
}

Result<void> SessionWriter::append_record(const std::string& type, const json& fields) {
  json record = fields;
  record["type"] = type;
  return write_line(dump_json(record));
}

Result<LoadedSession> load_session(const fs::path& file) {
  auto text = read_file_to_string(file);
  if (!text) return std::unexpected(text.error());
  LoadedSession s;
  s.info.path = file;
  auto lines = split(*text, '\n');
  bool complete_tail = text->ends_with("\n");
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (trim(line).empty()) continue;
    bool last = i + 1 == lines.size() || (i + 2 == lines.size() && lines.back().empty());
    json record = parse_json(line, file.string()).value_or(json());
    if (!record.is_object()) {
      if (last && !complete_tail) break;  // cut off by a crash mid-write
      ++s.skipped_lines;
      continue;
    }
    std::string type = json_string_or(record, "type");
    if (i == 0) {
      if (type != "session")
        return fail(ErrorCode::kParse, file.string() + ":1: not a pair session file (no session header)");
      int64_t format = json_int_or(record, "format");
      if (format > kSessionFormat)
        return fail(ErrorCode::kParse, file.string() + ": written by a newer pair (session format " +
                                           std::to_string(format) + "); upgrade pair to resume it");
      s.info.id = json_string_or(record, "id");
      s.info.cwd = json_string_or(record, "cwd");
      s.info.created = json_string_or(record, "created");
      s.info.model = json_string_or(record, "model");
      continue;
    }
    if (type == "message") {
      auto m = record.contains("message") ? message_from_json(record["message"])
                                          : Result<Message>(fail(ErrorCode::kParse, "no message"));
      if (!m) {
        ++s.skipped_lines;
        continue;
      }
      s.messages.push_back(std::move(*m));
    } else if (type == "compaction" && record.contains("messages") && record["messages"].is_array()) {
      std::vector<Message> replaced;
      bool ok = true;
      for (const auto& j : record["messages"]) {
        auto m = message_from_json(j);
        if (!m) {
          ok = false;
          break;
        }
        replaced.push_back(std::move(*m));
      }
      if (!ok) {
        ++s.skipped_lines;
        continue;
      }
      s.messages = std::move(replaced);
      ++s.compactions;
    } else if (type == "rewind") {
      auto dropped = static_cast<size_t>(std::max<int64_t>(0, json_int_or(record, "dropped")));
      s.messages.resize(s.messages.size() - std::min(dropped, s.messages.size()));
    } else if (type == "prompt_cache") {
      s.prompt_cache = PromptCacheRecord{json_string_or(record, "file"), json_string_or(record, "fingerprint"),
                                         static_cast<size_t>(std::max<int64_t>(0, json_int_or(record, "messages"))),
                                         json_int_or(record, "tokens")};
    } else if (type == "model") {
      s.info.model = json_string_or(record, "name", s.info.model);
    }
    // Other record types (usage, notes) are informational.
  }
  if (s.info.id.empty()) return fail(ErrorCode::kParse, file.string() + ": empty or unreadable session file");
  return s;
}

Result<fs::path> latest_session(const fs::path& root, const std::string& cwd) {
  fs::path dir = project_sessions_dir(root, cwd);
  std::error_code ec;
  fs::path best;
  fs::file_time_type best_time{};
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() != ".jsonl") continue;
    auto t = entry.last_write_time(ec);
    if (ec) continue;
    if (best.empty() || t > best_time || (t == best_time && entry.path() > best)) {
      best = entry.path();
      best_time = t;
    }
  }
  if (best.empty())
    return fail(ErrorCode::kNotFound, "no earlier session in " + cwd + " to continue; start one with pair -p \"...\"");
  return best;
}

Result<fs::path> find_session(const fs::path& root, const std::string& id) {
  std::error_code ec;
  std::vector<fs::path> matches;
  for (const auto& project : fs::directory_iterator(root, ec)) {
    if (!project.is_directory()) continue;
    std::error_code ec2;
    for (const auto& entry : fs::directory_iterator(project.path(), ec2)) {
      std::string stem = entry.path().stem().string();
      if (entry.path().extension() != ".jsonl") continue;
      if (stem == id) return entry.path();
      if (stem.starts_with(id)) matches.push_back(entry.path());
    }
  }
  if (matches.size() == 1) return matches[0];
  if (matches.empty()) return fail(ErrorCode::kNotFound, "no session with id \"" + id + "\" under " + root.string());
  return fail(ErrorCode::kInvalidArgument,
              "\"" + id + "\" matches " + std::to_string(matches.size()) + " sessions; give more of the id");
}

}  // namespace pair
