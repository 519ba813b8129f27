#include "tools/write_file.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/file_text.h"
#include "core/prepared_write.h"
#include "tools/tool_helpers.h"
#include "util/byte_size.h"
#include "util/sha256.h"
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
  std::string lines = plural(count_lines(content), "line", "lines");

  ToolEffect effect;
  effect.access = ToolAccess::kWrite;
  effect.paths = touched_paths(ctx, *path);
  PreparedWrite write{.target = target->real,
                      .shown = shown,
                      .content = content,
                      .base_sha256 = std::nullopt,
                      .done = fmt::format("{} {} ({}).", target->exists ? "Overwrote" : "Created", shown, lines)};
  if (!target->exists) {
    effect.summary = fmt::format("create {} ({})", shown, lines);
    effect.detail = diff_preview("", content, shown, /*created=*/true);
    effect.write = std::move(write);
    return effect;
  }
  std::string old_text;
  // The editor's buffer is the file when the editor reads files: the approval check compares against it.
  if (target->size <= kMaxDiffBytes || editor_reads(ctx)) {
    auto read = read_file_text(ctx, target->real);
    if (!read) return std::unexpected(read.error());
    old_text = std::move(*read);
    write.base_sha256 = sha256_hex(old_text);
  } else {
    auto state = file_sha256(target->real);
    if (!state) return std::unexpected(state.error());
    write.base_sha256 = *state;
  }
  if (target->size > kMaxDiffBytes || binary_kind(old_text)) {
    effect.summary = fmt::format("overwrite {} ({}) with {}", shown, format_bytes(target->size), lines);
    effect.detail = fmt::format("{} ({}) will be replaced; it is too large or binary to show a diff.\n", shown,
                                format_bytes(target->size));
  } else {
    std::string stats;
    effect.detail = diff_preview(old_text, content, shown, /*created=*/false, &stats);
    effect.summary = fmt::format("overwrite {} ({})", shown, stats);
  }
  effect.write = std::move(write);
  return effect;
}

ToolOutput WriteFileTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  auto effect = inspect(args, ctx);
  if (!effect) return ToolOutput::error(effect.error().message);
  return apply_prepared_write(*effect->write, ctx);
}

}  // namespace pair
