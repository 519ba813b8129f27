#pragma once
/// Pieces shared by the built-in tools: argument access, path resolution,
/// messages for missing or binary files, diff previews. None of these throw.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/tool.h"

namespace pair {

/// The string argument `key`; empty when absent or not a string.
std::string string_arg(const nlohmann::json& args, const char* key);
/// The integer argument `key`; nullopt when absent or null. A number with an
/// integral value (`10.0`) counts as an integer.
std::optional<int64_t> int_arg(const nlohmann::json& args, const char* key);
/// The boolean argument `key`; false when absent.
bool bool_arg(const nlohmann::json& args, const char* key);

/// Resolves the (non-empty) path argument `key` against the workspace; `~/`
/// expands. An empty path is a kInvalidArgument error for the model.
Result<std::filesystem::path> path_arg(const nlohmann::json& args, const ToolContext& ctx, const char* key = "path");

/// `path` as the model should see it: relative to the workspace when inside.
std::string shown_path(const ToolContext& ctx, const std::filesystem::path& path);

/// Where `path` really leads: symlinks on the way resolved (as far as the path
/// exists), spelled under ctx.workspace when it lies there. Equal to `path`
/// when no symlink is involved.
std::filesystem::path real_path(const ToolContext& ctx, const std::filesystem::path& path);
/// The paths a call on `path` touches, for ToolEffect: `path`, and its real
/// path when a symlink leads elsewhere.
std::vector<std::filesystem::path> touched_paths(const ToolContext& ctx, const std::filesystem::path& path);

/// The ReadFilter for a call that shows files at or below `path`: directories
/// on the way are checked from the workspace down when `path` lies in it.
ReadFilter read_filter(const ToolContext& ctx, const std::filesystem::path& path);
/// For a tool that shows file contents or names (not read_file itself): an
/// error for the model when read_file's deny or ask rules cover `path` (or a
/// directory on its way within the workspace, or where a symlink leads; see
/// ReadFilter). `what` is the call's summary. Such a tool cannot ask, so an ask rule
/// refuses too, naming the rule; read_file on one file can ask the user.
Result<void> check_read_rules(const ToolContext& ctx, const std::filesystem::path& path, std::string_view what);
/// "[2 files left out by permission rules]\n"; empty for none.
std::string left_out_note(size_t files);

/// A file a tool is about to write.
struct WriteTarget {
  std::filesystem::path real;  ///< where the bytes go: real_path() of the path
  bool exists = false;
  uintmax_t size = 0;
};
/// Checks that `path` is a regular file, or nothing yet. Errors (for the
/// model) for a directory, a device, FIFO or socket.
Result<WriteTarget> check_write_target(const ToolContext& ctx, const std::filesystem::path& path);

/// "File not found: src/mian.cc. Did you mean src/main.cc?" — suggestions come
/// from similarly named entries of the same directory.
std::string not_found_message(const ToolContext& ctx, const std::filesystem::path& path);

/// Bytes to sniff for binary content.
constexpr size_t kSniffBytes = 8192;
/// Decides from a file's first bytes whether it is binary: nullopt for text,
/// otherwise a short description ("PNG image", "UTF-16 text", "binary data").
/// Binary means a NUL byte, or mostly invalid UTF-8.
std::optional<std::string> binary_kind(std::string_view head);

/// Lines in `text`: newlines, plus one for a last line without a newline.
size_t count_lines(std::string_view text);
/// `s` cut to at most `max_chars` characters, ending in "..." when cut.
std::string shorten(std::string_view s, size_t max_chars);

/// A unified diff of a file change for ToolEffect::detail, cut (at a line)
/// past a size a person can review. `stats`, when given, receives the line
/// counts: "+3 -1".
std::string diff_preview(std::string_view old_text, std::string_view new_text, std::string_view shown, bool created,
                         std::string* stats = nullptr);

}  // namespace pair
