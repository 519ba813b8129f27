#pragma once
/// Applying a prepared change of one file (PreparedWrite, core/tool.h): the
/// content that was shown for approval is written exactly, and only while the
/// file is still as it was when the change was worked out. A file changed in
/// between (someone edited it while the user was being asked) is left as it
/// is, and the model is told to read it again. The change journal
/// (ToolContext::changes) hears of every write first, for /undo.
///
/// Thread affinity: the engine's thread (tools run there).

#include <filesystem>
#include <optional>
#include <string>

#include "core/tool.h"
#include "util/error.h"

namespace pair {

/// SHA-256 (hex) of the file at `path`, read in pieces; nullopt when nothing
/// is there. Errors (kIo) name the path: a directory, an unreadable file.
Result<std::optional<std::string>> file_sha256(const std::filesystem::path& path);

/// Writes `write.content` to `write.target` atomically and answers
/// `write.done`. Answers without writing: "already has this content" when the
/// file holds it; an error telling the model to read the file again when the
/// file no longer matches `write.base_sha256`; an error when `ctx.stop` is
/// requested or the write fails (the file then stays as it was). With an
/// editor that reads and writes files (ToolContext::editor_files), the file
/// is its buffer: checked and written through it (core/file_text.h).
ToolOutput apply_prepared_write(const PreparedWrite& write, const ToolContext& ctx);

}  // namespace pair
