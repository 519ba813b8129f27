#pragma once
/// The interface every tool implements, and what a tool is given to run.
/// Tools live in src/tools (one file each) and never print: they return text
/// for the model.

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "core/read_access.h"
#include "protocol/message.h"
#include "protocol/tool_spec.h"
#include "util/error.h"

namespace pair {

class ChangeRecorder;  // core/change_journal.h
class EditorFiles;     // core/editor_files.h
class EditorTerminal;  // core/editor_terminal.h

/// What a call would do, for the permission check.
enum class ToolAccess {
  kRead,     ///< reads files or lists directories
  kWrite,    ///< creates, changes or deletes files
  kExecute,  ///< runs a command
  kNetwork,  ///< sends a request over the network (web tools)
  /// calls a tool of an external (MCP) server: pair cannot tell what it does,
  /// so it asks in every mode but bypass unless a rule allows it
  kExternal,
};

/// A change of one file, prepared when the call is inspected: exactly the
/// content shown for approval, and the file as it was when the change was
/// worked out. Applied by core/prepared_write.h, which refuses when the file
/// changed in between (say, during the approval wait).
struct PreparedWrite {
  std::filesystem::path target;  ///< where the bytes go: symlinks resolved
  std::string shown;             ///< the path as the model named it, for messages
  std::string content;           ///< the file's whole content after the call
  /// SHA-256 (hex) of the file as read for the plan; nullopt: no file there.
  std::optional<std::string> base_sha256;
  std::string done;  ///< the result for the model once written: "Edited a.txt: ..."
};

/// The effect of one call, worked out before it runs.
struct ToolEffect {
  ToolAccess access = ToolAccess::kRead;
  std::vector<std::filesystem::path> paths;  ///< absolute, lexically normal
  std::string summary;                       ///< one line for the user: "edit src/a.cc"
  std::string detail;  ///< unified diff for edits; full command for bash; URL or query for web tools
  /// kWrite of one file: the prepared change (editors show its content as a
  /// diff). The core applies exactly this after approval, not `Tool::run`.
  /// Absent when unknown or not a single-file write.
  std::optional<PreparedWrite> write = std::nullopt;
};

/// Limits a user may tune (settings); the defaults suit local models.
struct ToolLimits {
  size_t read_default_lines = 2000;
  size_t read_max_bytes = 256 * 1024;
  size_t line_max_chars = 2000;
  std::chrono::seconds bash_default_timeout{120};
  std::chrono::seconds bash_max_timeout{600};
  size_t bash_output_head = 16 * 1024;
  size_t bash_output_tail = 16 * 1024;
  size_t list_max_entries = 500;
  size_t search_max_matches = 200;
};

/// Where commands run: inside bubblewrap when enabled (the workspace
/// writable, the rest of the filesystem read-only, a private /tmp, no network
/// unless allowed, no process outliving the command).
struct SandboxSettings {
  bool enabled = false;
  bool network = false;
  std::vector<std::filesystem::path> writable = {};  ///< writable besides the workspace
  /// Bound read-only, so that they are visible where the sandbox hides the
  /// host's files (under its private /tmp).
  std::vector<std::filesystem::path> readable = {};
};

struct ToolContext {
  std::filesystem::path workspace;  ///< absolute; relative paths resolve here
  ToolLimits limits;
  std::stop_token stop;  ///< cancellation: a tool stops promptly and says so
  SandboxSettings sandbox;
  /// Told before a file is written or a command runs (for /undo); may be null.
  ChangeRecorder* changes = nullptr;
  /// read_file's ask and deny rules, for the other tools that show file
  /// contents or names: they leave such files out. Empty: all readable.
  ReadAccess read_access = {};
  /// The editor's files, when a front-end's editor reads or writes them for
  /// pair (core/file_text.h decides which side); null: the disk only.
  EditorFiles* editor_files = nullptr;
  /// The editor's terminal, when a front-end's editor runs commands for pair:
  /// bash uses it only for a command it would run unsandboxed; null: pair's
  /// own runner.
  EditorTerminal* editor_terminal = nullptr;
};

/// The result text goes back to the model verbatim; the images go with it
/// only when the model in use takes images (else the agent describes them in
/// the text). The text marks where each image was ("[image 1: ...]").
struct ToolOutput {
  std::string text;
  bool is_error = false;
  std::vector<ImageContent> images = {};

  static ToolOutput ok(std::string t) { return {std::move(t), false}; }
  static ToolOutput error(std::string t) { return {std::move(t), true}; }
};

class Tool {
 public:
  virtual ~Tool() = default;
  virtual const ToolSpec& spec() const = 0;
  /// Works out what the call would touch, without side effects. `args` has
  /// already been validated against the schema. An error here (say, the text
  /// to replace is not in the file) goes to the model without asking the user.
  virtual Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const = 0;
  /// Runs the call. Never throws; failures are `ToolOutput::error` with a
  /// message that tells the model what to do differently. A call whose
  /// effect carries a prepared write is not run through here by the core:
  /// the core applies that prepared write, so what the user approved is what
  /// runs. For such tools `run` prepares and applies at once.
  virtual ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) = 0;
};

}  // namespace pair
