#include "tools/write_file.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/change_journal.h"
#include "tools/tool_helpers.h"
#include "util/atomic_file.h"
#include "util/byte_size.h"
#include "util/strings.h"

namespace pair {

namespace {

/// Larger old files are not read for the preview.
constexpr uintmax_t kMaxDiffBytes = 8 * 1024 * 1024;

}  // namespace

const ToolSpec& WriteFileTool::spec() const {
  static const ToolSpec kSpec{"write_file",
                              "Create a file, or replace a whole file, with content. Creates parent directories. "
                              "To change part of an existing file, use edit_file.",
                              R"({"type":"object","properties":{"path":{"type":"string"},"content":{"type":"string"}},)"
                              R"("required":["path","content"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> WriteFileTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  auto path = path_arg(args, ctx);
  if (!path) return std::unexpected(path.error());
  auto target = check_write_target(ctx, *path);
  if (!target) return std::unexpected(target.error());
  std::string content = string_arg(args, "content");
  std::string shown = shown_path(ctx, *path);

  ToolEffect effect;
  effect.access = ToolAccess::kWrite;
  effect.paths = touched_paths(ctx, *path);
  effect.new_content = content;
  if (!target->exists) {
    effect.summary = fmt::format("create {} ({})", shown, plural(count_lines(content), "line", "lines"));
    effect.detail = diff_preview("", content, shown, /*created=*/true);
    return effect;
  }
  std::string old_text;
  if (target->size <= kMaxDiffBytes) {
    auto read = read_file_to_string(target->real);
    if (!read) return std::unexpected(read.error());
    old_text = std::move(*read);
  }
  if (target->size > kMaxDiffBytes || binary_kind(old_text)) {
    effect.summary = fmt::format("overwrite {} ({}) with {}", shown, format_bytes(target->size),
                                 plural(count_lines(content), "line", "lines"));
    effect.detail = fmt::format("{} ({}) will be replaced; it is too large or binary to show a diff.\n", shown,
                                format_bytes(target->size));
    return effect;
  }
  std::string stats;
  effect.detail = diff_preview(old_text, content, shown, /*created=*/false, &stats);
  effect.summary = fmt::format("overwrite {} ({})", shown, stats);
  return effect;
}

ToolOutput WriteFileTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  auto path = path_arg(args, ctx);
  if (!path) return ToolOutput::error(path.error().message);
  auto target = check_write_target(ctx, *path);
  if (!target) return ToolOutput::error(target.error().message);
  std::string content = string_arg(args, "content");
  std::string shown = shown_path(ctx, *path);
  std::string lines = plural(count_lines(content), "line", "lines");

  if (target->exists && target->size == content.size()) {
    if (auto old_text = read_file_to_string(target->real); old_text && *old_text == content)
      return ToolOutput::ok(fmt::format("{} already has this content ({}); nothing changed.", shown, lines));
  }
  if (ctx.stop.stop_requested()) return ToolOutput::error("Cancelled; " + shown + " was not written.");
  if (ctx.changes) ctx.changes->before_write(target->real);
  if (auto written = write_file_atomically(target->real, content); !written)
    return ToolOutput::error(written.error().message);
  return ToolOutput::ok(fmt::format("{} {} ({}).", target->exists ? "Overwrote" : "Created", shown, lines));
}

}  // namespace pair
