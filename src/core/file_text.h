#pragma once
/// Reading and writing a whole text file for a tool: through the editor when
/// the tool context has one that offers it (core/editor_files.h), from and to
/// the disk otherwise. One place decides, so a diff, the check that a file
/// did not change during an approval, and the write all see the same text.
///
/// Thread affinity: the engine's thread (tools run there).

#include <filesystem>
#include <string>
#include <string_view>

#include "core/tool.h"
#include "util/error.h"

namespace pair {

/// Whether reads of `ctx` go through the editor.
bool editor_reads(const ToolContext& ctx);

/// The text of `path` (absolute): the editor's buffer, or the file on disk.
/// Errors name the path; the editor's say that it was asked.
Result<std::string> read_file_text(const ToolContext& ctx, const std::filesystem::path& path);

/// Writes `content` to `path`: through the editor, or atomically to disk.
Result<void> write_file_text(const ToolContext& ctx, const std::filesystem::path& path, std::string_view content);

}  // namespace pair
