#pragma once
/// Sessions on disk: one JSONL file per session, one record per line, each
/// line written with a single append as it happens, so a session cut off by
/// `kill -9` resumes from its last complete line. The first line is a header
/// carrying the format version. Files are private to the user (0600).
///
/// Layout: <root>/<project>/<id>.jsonl, where <project> is derived from the
/// working directory, so `--continue` looks in one folder.

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "protocol/message.h"
#include "protocol/tool_spec.h"
#include "util/error.h"

namespace pair {

inline constexpr int kSessionFormat = 1;

struct SessionInfo {
  std::string id;
  std::string cwd;
  std::string created;  ///< ISO 8601, UTC
  std::string model;
  std::filesystem::path path;
};

/// A saved server-side KV cache of this session (llama-server slots).
struct PromptCacheRecord {
  std::string file;         ///< the name the server saved it under
  std::string fingerprint;  ///< of the conversation prefix it holds
  size_t messages = 0;      ///< how many messages that prefix has
  int64_t tokens = 0;
};

class SessionWriter {
 public:
  /// Creates a new session file under `root` for `info.cwd`.
  static Result<std::unique_ptr<SessionWriter>> create(const std::filesystem::path& root, SessionInfo info);
  /// Reopens an existing file for appending; a partial last line (a crash
  /// mid-write) is cut off first so the next record starts clean.
  static Result<std::unique_ptr<SessionWriter>> reopen(const std::filesystem::path& file);
  ~SessionWriter();

  Result<void> append_message(const Message& m);
  /// Records that compaction replaced the conversation with `messages`.
  Result<void> append_compaction(const std::vector<Message>& messages);
  Result<void> append_prompt_cache(const PromptCacheRecord& record);
  /// Records that the latest `dropped` messages left the conversation.
  Result<void> append_rewind(size_t dropped);
  /// Appends any other record (`type` is added).
  Result<void> append_record(const std::string& type, const nlohmann::json& fields);
  const std::filesystem::path& path() const { return path_; }

 private:
  SessionWriter(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  Result<void> write_line(const std::string& line);

  int fd_;
  std::filesystem::path path_;
};

struct LoadedSession {
  SessionInfo info;
  /// The conversation as it stands: a compaction record replaces what came
  /// before it, so a resumed session continues from the compacted state.
  std::vector<Message> messages;
  std::optional<PromptCacheRecord> prompt_cache;  ///< the latest one
  size_t compactions = 0;
  size_t skipped_lines = 0;  ///< unreadable lines that were passed over
};

/// Errors name the file and line. A cut-off last line is skipped silently.
Result<LoadedSession> load_session(const std::filesystem::path& file);

/// Identifies the first `count` messages of a conversation for a model and
/// tool set: a saved prompt cache is restored only onto the same prefix.
std::string conversation_fingerprint(const std::vector<Message>& messages, size_t count, const std::string& model_id,
                                     const std::vector<ToolSpec>& tools);

std::filesystem::path project_sessions_dir(const std::filesystem::path& root, const std::string& cwd);
/// The most recently written session of this working directory.
Result<std::filesystem::path> latest_session(const std::filesystem::path& root, const std::string& cwd);
/// The session with this id (or a unique prefix of it), in any project.
Result<std::filesystem::path> find_session(const std::filesystem::path& root, const std::string& id);
/// "20261125-201530-3fa2c1": sortable by time, unique enough per user.
std::string new_session_id();
std::string utc_timestamp();

}  // namespace pair
