#include "tools/tool_helpers.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/unified_diff.h"
#include "util/utf8.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr size_t kMaxPreviewBytes = 100 * 1024;
constexpr size_t kMaxSuggestions = 3;
constexpr size_t kMaxDirectoryScan = 10000;

/// Edits (insert, delete, replace, swap of neighbours) to turn `a` into `b`.
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

/// Lower is closer; nullopt when `candidate` is not similar to `wanted`.
std::optional<size_t> similarity(const std::string& wanted, const std::string& candidate) {
  std::string w = to_lower(wanted), c = to_lower(candidate);
  if (w == c) return 0;
  std::string w_stem = fs::path(w).stem().string(), c_stem = fs::path(c).stem().string();
  if (!w_stem.empty() && w_stem == c_stem) return 1;  // another extension
  if (w.size() <= 64 && c.size() <= 64) {
    size_t distance = edit_distance(w, c);
    if (distance <= std::max<size_t>(1, w.size() / 4)) return 1 + distance;
  }
  if (w_stem.size() >= 3 && c.find(w_stem) != std::string::npos) return 100 + c.size();
  return std::nullopt;
}

}  // namespace

std::string string_arg(const nlohmann::json& args, const char* key) {
  if (!args.is_object()) return "";
  return json_string_or(args, key);
}

std::optional<int64_t> int_arg(const nlohmann::json& args, const char* key) {
  if (!args.is_object()) return std::nullopt;
  auto it = args.find(key);
  if (it == args.end()) return std::nullopt;
  if (it->is_number_unsigned()) return json_as_int(*it, INT64_MAX);
  if (it->is_number_integer()) return json_as_int(*it);
  if (it->is_number_float()) {
    double d = json_as_double(*it);
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e18) return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

bool bool_arg(const nlohmann::json& args, const char* key) {
  if (!args.is_object()) return false;
  return json_bool_or(args, key, false);
}

Result<fs::path> path_arg(const nlohmann::json& args, const ToolContext& ctx, const char* key) {
  std::string p = string_arg(args, key);
  if (trim(p).empty()) return fail(ErrorCode::kInvalidArgument, fmt::format("{} is empty; give a file path", key));
  return resolve_path(ctx.workspace, p);
}

std::string shown_path(const ToolContext& ctx, const fs::path& path) {
  return display_path(ctx.workspace, path);
}

fs::path real_path(const ToolContext& ctx, const fs::path& path) {
  std::error_code ec;
  fs::path real = fs::weakly_canonical(path, ec);
  if (ec) return path;
  fs::path real_workspace = fs::weakly_canonical(ctx.workspace, ec);
  if (ec || !is_within(real_workspace, real)) return real;
  if (real == real_workspace) return ctx.workspace;
  return (ctx.workspace / real.lexically_relative(real_workspace)).lexically_normal();
}

std::vector<fs::path> touched_paths(const ToolContext& ctx, const fs::path& path) {
  std::vector<fs::path> paths{path};
  fs::path real = real_path(ctx, path);
  if (real != path) paths.push_back(real);
  return paths;
}

ReadFilter read_filter(const ToolContext& ctx, const fs::path& path) {
  return ReadFilter(ctx.read_access.check, is_within(ctx.workspace, path) ? ctx.workspace : path, ctx.workspace);
}

Result<void> check_read_rules(const ToolContext& ctx, const fs::path& path, std::string_view what) {
  ReadDecision d = read_filter(ctx, path).decide(path);
  switch (d.verdict) {
    case ReadVerdict::kAllow: return {};
    case ReadVerdict::kDeny: return fail(ErrorCode::kPermission, fmt::format("Not allowed: {} ({}).", what, d.reason));
    case ReadVerdict::kAsk: break;
  }
  return fail(ErrorCode::kPermission,
              fmt::format("Not allowed: {} ({}, and this tool cannot ask the user; read_file can ask to read "
                          "a single file there).",
                          what, d.reason));
}

std::string left_out_note(size_t files) {
  if (files == 0) return "";
  return fmt::format("[{} left out by permission rules]\n", plural(files, "file", "files"));
}

Result<WriteTarget> check_write_target(const ToolContext& ctx, const fs::path& path) {
  WriteTarget target;
  target.real = real_path(ctx, path);
  std::error_code ec;
  fs::file_status status = fs::status(target.real, ec);
  if (!fs::exists(status)) return target;
  if (fs::is_directory(status))
    return fail(ErrorCode::kInvalidArgument, shown_path(ctx, path) + " is a directory; give a file path.");
  if (!fs::is_regular_file(status))
    return fail(ErrorCode::kInvalidArgument,
                shown_path(ctx, path) + " is not a regular file (a device, FIFO or socket); refusing to write it.");
  target.exists = true;
  target.size = fs::file_size(target.real, ec);
  return target;
}

std::string not_found_message(const ToolContext& ctx, const fs::path& path) {
  std::string message = "File not found: " + shown_path(ctx, path) + ".";
  fs::path dir = path.parent_path();
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return message + " (Directory " + shown_path(ctx, dir) + " does not exist either.)";

  std::vector<std::pair<size_t, std::string>> found;
  std::string wanted = path.filename().string();
  size_t scanned = 0;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end && scanned < kMaxDirectoryScan;
       it.increment(ec), ++scanned) {
    std::string name = it->path().filename().string();
    if (auto score = similarity(wanted, name)) found.emplace_back(*score, name);
  }
  if (found.empty()) return message;
  std::sort(found.begin(), found.end());
  if (found.size() > kMaxSuggestions) found.resize(kMaxSuggestions);
  std::vector<std::string> names;
  for (const auto& f : found) names.push_back(shown_path(ctx, dir / f.second));
  return message + " Did you mean " + join(names, " or ") + "?";
}

std::optional<std::string> binary_kind(std::string_view head) {
  head = head.substr(0, kSniffBytes);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
    return "UTF-16 text (convert it to UTF-8, e.g. with iconv, to read it)";
  bool has_nul = head.find('\0') != std::string_view::npos;
  bool mostly_invalid = false;
  if (!has_nul) {
    std::string_view whole = head.substr(0, utf8_safe_cut(head, head.size() > 4 ? head.size() - 4 : head.size()));
    // Each invalid byte becomes a 3-byte U+FFFD.
    size_t invalid = (utf8_sanitize(whole).size() - whole.size()) / 2;
    mostly_invalid = invalid * 10 > whole.size() * 3;
  }
  if (!has_nul && !mostly_invalid) return std::nullopt;

  struct Magic {
    std::string_view prefix;
    const char* kind;
  };
  static constexpr Magic kMagic[] = {
      {"\x89PNG\r\n\x1A\n", "PNG image"},
      {"\xFF\xD8\xFF", "JPEG image"},
      {"GIF87a", "GIF image"},
      {"GIF89a", "GIF image"},
      {"%PDF-", "PDF document"},
      {"PK\x03\x04", "ZIP archive"},
      {"\x1F\x8B", "gzip archive"},
      {"\x7F"
       "ELF",
       "ELF executable"},
      {std::string_view("SQLite format 3\0", 16), "SQLite database"},
      {std::string_view("\0asm", 4), "WebAssembly module"},
      {"GGUF", "GGUF model"},
  };
  for (const Magic& m : kMagic)
    if (head.starts_with(m.prefix)) return m.kind;
  if (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "WEBP") return "WebP image";
  return "binary data";
}

size_t count_lines(std::string_view text) {
  size_t n = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  return !text.empty() && text.back() != '\n' ? n + 1 : n;
}

std::string shorten(std::string_view s, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < s.size(); i += decode_utf8(s, i).length)
    if (chars++ == max_chars) return std::string(s.substr(0, i)) + "...";
  return std::string(s);
}

std::string diff_preview(std::string_view old_text, std::string_view new_text, std::string_view shown, bool created,
                         std::string* stats) {
  DiffOptions options;
  options.old_missing = created;
  UnifiedDiff diff = unified_diff(old_text, new_text, shown, options);
  if (stats) *stats = fmt::format("+{} -{}", diff.lines_added, diff.lines_removed);
  std::string text = utf8_sanitize(diff.text);
  if (text.size() <= kMaxPreviewBytes) return text;
  size_t cut = text.rfind('\n', kMaxPreviewBytes);
  cut = cut == std::string::npos ? utf8_safe_cut(text, kMaxPreviewBytes) : cut + 1;
  size_t rest_lines = count_lines(std::string_view(text).substr(cut));
  text.resize(cut);
  text += fmt::format("[diff preview cut here: {} more]\n", plural(rest_lines, "line", "lines"));
  return text;
}

}  // namespace pair
