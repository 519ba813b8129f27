#include "core/prepared_write.h"

#include <fstream>
#include <system_error>

#include "core/change_journal.h"
#include "core/file_text.h"
#include "util/sha256.h"

namespace pair {

namespace fs = std::filesystem;

namespace {

/// What happened to the file since the change was prepared, for the model.
std::string what_changed(const PreparedWrite& write, const std::optional<std::string>& now) {
  std::string how = !write.base_sha256 ? "was created" : !now ? "was deleted" : "changed";
  return write.shown + " " + how + " after this change was prepared (while waiting for approval); nothing was " +
         "written. Read " + write.shown + " again and make the change against what it holds now.";
}

}  // namespace

Result<std::optional<std::string>> file_sha256(const fs::path& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    if (ec && ec != std::errc::no_such_file_or_directory)
      return fail(ErrorCode::kIo, "cannot check " + path.string() + ": " + ec.message());
    return std::optional<std::string>();
  }
  if (fs::is_directory(path, ec)) return fail(ErrorCode::kIo, path.string() + " is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorCode::kIo, "cannot read " + path.string() + " to see whether it changed");
  Sha256 hash;
  std::string chunk(64 * 1024, '\0');
  while (in.read(chunk.data(), static_cast<std::streamsize>(chunk.size())) || in.gcount() > 0)
    hash.update(std::string_view(chunk.data(), static_cast<size_t>(in.gcount())));
  if (in.bad()) return fail(ErrorCode::kIo, "reading " + path.string() + " failed");
  return std::optional<std::string>(hash.hex_digest());
}

namespace {

/// The file's state now, as the change was prepared against it: the editor's
/// buffer when the editor reads files (a file missing on disk is missing).
Result<std::optional<std::string>> current_sha256(const PreparedWrite& write, const ToolContext& ctx) {
  std::error_code ec;
  if (!editor_reads(ctx) || !fs::exists(write.target, ec)) return file_sha256(write.target);
  auto text = read_file_text(ctx, write.target);
  if (!text) return std::unexpected(text.error());
  return std::optional<std::string>(sha256_hex(*text));
}

}  // namespace

ToolOutput apply_prepared_write(const PreparedWrite& write, const ToolContext& ctx) {
  auto now = current_sha256(write, ctx);
  if (!now) return ToolOutput::error(now.error().message);
  if (*now && **now == sha256_hex(write.content))
    return ToolOutput::ok(write.shown + " already has this content; nothing changed.");
  if (*now != write.base_sha256) return ToolOutput::error(what_changed(write, *now));
  if (ctx.stop.stop_requested()) return ToolOutput::error("Cancelled; " + write.shown + " was not changed.");
  if (ctx.changes) ctx.changes->before_write(write.target);
  if (auto written = write_file_text(ctx, write.target, write.content); !written)
    return ToolOutput::error(written.error().message);
  return ToolOutput::ok(write.done);
}

}  // namespace pair
