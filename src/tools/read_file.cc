#include "tools/read_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/file_text.h"
#include "tools/tool_helpers.h"
#include "util/byte_size.h"
#include "util/strings.h"
#include "util/unique_fd.h"
#include "util/utf8.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr size_t kBlockBytes = 64 * 1024;

/// Formats the lines of the wanted window as they stream past, and counts all
/// lines of the file.
class NumberedLines {
 public:
  NumberedLines(size_t first, size_t last, const ToolLimits& limits)
      : first_(first), last_(last), max_bytes_(limits.read_max_bytes), max_chars_(limits.line_max_chars) {}

  /// Feeds the next piece of the file.
  void feed(std::string_view data) {
    while (!data.empty()) {
      size_t nl = data.find('\n');
      std::string_view piece = data.substr(0, nl);
      if (showing()) keep(piece);
      if (nl == std::string_view::npos) {
        partial_ = true;
        return;
      }
      end_line();
      data.remove_prefix(nl + 1);
    }
  }
  /// Ends the file: a last line without a newline still counts.
  void finish() {
    if (partial_) end_line();
  }

  const std::string& text() const { return text_; }
  size_t total_lines() const { return line_ - 1; }
  /// The last line shown; first - 1 when none.
  size_t last_shown() const { return last_shown_; }
  bool byte_capped() const { return byte_capped_; }

 private:
  bool showing() const { return line_ >= first_ && line_ <= last_ && !byte_capped_; }

  void keep(std::string_view piece) {
    size_t keep_bytes = cut_ ? 0 : piece.size();
    for (size_t i = 0; i < piece.size(); ++i) {
      if (utf8_continuation(piece[i])) continue;  // inside a character (which may straddle two pieces)
      if (!cut_ && chars_ == max_chars_) {
        keep_bytes = i;
        cut_ = true;
      }
      ++chars_;
    }
    kept_.append(piece.substr(0, keep_bytes));
  }

  void end_line() {
    if (showing()) {
      if (!cut_ && !kept_.empty() && kept_.back() == '\r') kept_.pop_back();
      std::string line = fmt::format("{}\t{}", line_, utf8_sanitize(kept_));
      if (cut_) line += fmt::format("... [line cut: {} chars]", chars_);
      line += '\n';
      if (text_.size() + line.size() > max_bytes_ && line_ > first_) {
        byte_capped_ = true;
      } else {
        text_ += line;
        last_shown_ = line_;
      }
    }
    kept_.clear();
    chars_ = 0;
    cut_ = false;
    partial_ = false;
    ++line_;
  }

  size_t first_, last_, max_bytes_, max_chars_;
  size_t line_ = 1;  // the line being read
  size_t last_shown_ = 0;
  std::string kept_;  // the current line, up to max_chars_ characters
  size_t chars_ = 0;
  bool cut_ = false;
  bool partial_ = false;  // bytes of the current line seen
  bool byte_capped_ = false;
  std::string text_;
};

/// Feeds the file at `path` to `lines` block by block, adding up `size`.
/// Answers the error for the model, or "" when the file was read.
std::string feed_from_disk(const fs::path& path, const std::string& shown, const ToolContext& ctx, NumberedLines& lines,
                           uintmax_t& size) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return fmt::format("Cannot open {}: {}", shown, std::strerror(errno));
  std::string block(kBlockBytes, '\0');
  for (bool first_block = true;; first_block = false) {
    if (ctx.stop.stop_requested()) return "Cancelled while reading " + shown + ".";
    ssize_t n = ::read(fd.get(), block.data(), block.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fmt::format("Cannot read {}: {}", shown, std::strerror(errno));
    if (n == 0) return "";
    std::string_view data(block.data(), static_cast<size_t>(n));
    size += data.size();
    if (first_block) {
      std::error_code ec;
      if (auto kind = binary_kind(data))
        return fmt::format("{} is a binary file ({}, {}); read_file shows text only.", shown, *kind,
                           format_bytes(fs::file_size(path, ec)));
    }
    lines.feed(data);
  }
}

}  // namespace

const ToolSpec& ReadFileTool::spec() const {
  static const ToolSpec kSpec{
      "read_file",
      "Read a text file. Lines come numbered as \"N<tab>text\"; the numbers are not part of the file. "
      "Long files come in parts: use offset and limit.",
      R"({"type":"object","properties":{"path":{"type":"string"},)"
      R"("offset":{"type":"integer","description":"first line to read, 1-based"},)"
      R"("limit":{"type":"integer","description":"number of lines"}},)"
      R"("required":["path"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> ReadFileTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  auto path = path_arg(args, ctx);
  if (!path) return std::unexpected(path.error());
  ToolEffect effect;
  effect.access = ToolAccess::kRead;
  effect.paths = touched_paths(ctx, *path);
  effect.summary = "read " + shown_path(ctx, *path);
  return effect;
}

ToolOutput ReadFileTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  auto path = path_arg(args, ctx);
  if (!path) return ToolOutput::error(path.error().message);
  std::string shown = shown_path(ctx, *path);

  std::error_code ec;
  fs::file_status status = fs::status(*path, ec);
  // The editor may hold a buffer not yet saved: only what is on disk and is no file is refused first.
  if (!fs::exists(status) && !editor_reads(ctx)) return ToolOutput::error(not_found_message(ctx, *path));
  if (fs::is_directory(status))
    return ToolOutput::error(shown + " is a directory, not a file; use list_files to see what it contains.");
  if (fs::exists(status) && !fs::is_regular_file(status))
    return ToolOutput::error(shown + " is not a regular file (a device, FIFO or socket); read_file reads files only.");

  size_t offset = static_cast<size_t>(std::max<int64_t>(1, int_arg(args, "offset").value_or(1)));
  int64_t limit = int_arg(args, "limit").value_or(0);
  size_t count = limit > 0 ? static_cast<size_t>(limit) : ctx.limits.read_default_lines;
  size_t last = count > SIZE_MAX - offset ? SIZE_MAX : offset + count - 1;
  NumberedLines lines(offset, last, ctx.limits);

  uintmax_t size = 0;
  if (editor_reads(ctx)) {
    // The whole buffer, unsaved changes included, numbered here as a file is: the footer needs its length.
    auto text = read_file_text(ctx, *path);
    if (!text) return ToolOutput::error(fmt::format("Cannot read {}: {}", shown, text.error().message));
    if (auto kind = binary_kind(std::string_view(*text).substr(0, kBlockBytes)))
      return ToolOutput::error(fmt::format("{} is a binary file ({}, {}); read_file shows text only.", shown, *kind,
                                           format_bytes(text->size())));
    size = text->size();
    lines.feed(*text);
  } else if (auto read = feed_from_disk(*path, shown, ctx, lines, size); !read.empty()) {
    return ToolOutput::error(std::move(read));
  }
  lines.finish();

  if (size == 0) return ToolOutput::ok(shown + " is empty (0 bytes).");
  size_t total = lines.total_lines();
  if (offset > total)
    return ToolOutput::error(
        fmt::format("offset {} is past the end of {}, which has {}.", offset, shown, plural(total, "line", "lines")));

  std::string text = lines.text();
  if (lines.last_shown() < total) {
    std::string why = lines.byte_capped()
                          ? fmt::format(" (output limit of {} reached)", format_bytes(ctx.limits.read_max_bytes))
                          : "";
    text += fmt::format("[showing lines {}-{} of {}{}; call read_file with offset={} to continue]\n", offset,
                        lines.last_shown(), total, why, lines.last_shown() + 1);
  }
  return ToolOutput::ok(std::move(text));
}

}  // namespace pair
