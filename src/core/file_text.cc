#include "core/file_text.h"

#include "core/editor_files.h"
#include "util/atomic_file.h"

namespace pair {

namespace {

/// The editor's error with the path and where it came from, so the model
/// (and the user) can tell it from a problem with the file on disk.
Error from_editor(const Error& error, std::string_view what, const std::filesystem::path& path) {
  if (error.code == ErrorCode::kCancelled) return error;
  return Error{error.code, "the editor could not " + std::string(what) + " " + path.string() + ": " + error.message};
}

}  // namespace

bool editor_reads(const ToolContext& ctx) {
  return ctx.editor_files && ctx.editor_files->reads();
}

Result<std::string> read_file_text(const ToolContext& ctx, const std::filesystem::path& path) {
  if (!editor_reads(ctx)) return read_file_to_string(path);
  auto text = ctx.editor_files->read_text(path, ctx.stop);
  if (!text) return std::unexpected(from_editor(text.error(), "read", path));
  return text;
}

Result<void> write_file_text(const ToolContext& ctx, const std::filesystem::path& path, std::string_view content) {
  if (!ctx.editor_files || !ctx.editor_files->writes()) return write_file_atomically(path, content);
  auto written = ctx.editor_files->write_text(path, std::string(content), ctx.stop);
  if (!written) return std::unexpected(from_editor(written.error(), "write", path));
  return {};
}

}  // namespace pair
