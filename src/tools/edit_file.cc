#include "tools/edit_file.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "core/file_text.h"
#include "core/prepared_write.h"
#include "tools/tool_helpers.h"
#include "util/byte_size.h"
#include "util/sha256.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr uintmax_t kMaxEditBytes = 32 * 1024 * 1024;
constexpr size_t kMaxHintWork = 20'000'000;  // line comparisons spent looking for a near match
constexpr size_t kMaxListedLines = 5;

/// A worked-out edit: what the file becomes.
struct EditPlan {
  fs::path path, real;
  std::string shown;
  bool created = false;
  std::string old_text, new_text;
  size_t replacements = 0;
  size_t first_line = 0, last_line = 0;  // lines of the new text that changed
};

std::string lf_to_crlf(std::string_view s) {
  return replace_all(replace_all(s, "\r\n", "\n"), "\n", "\r\n");
}
std::string crlf_to_lf(std::string_view s) {
  return replace_all(s, "\r\n", "\n");
}

/// A line with whitespace runs collapsed to one space and the ends trimmed.
std::string squash(std::string_view line) {
  std::string out;
  bool space = false;
  for (char c : trim(line)) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// Without "12\t" prefixes on each line, when every non-blank line has one
/// (text copied from read_file output); nullopt otherwise.
std::optional<std::string> without_line_numbers(std::string_view s) {
  std::vector<std::string> lines = split(s, '\n');
  bool any = false;
  for (auto& line : lines) {
    if (trim(line).empty()) continue;
    size_t digits = line.find_first_not_of(" 0123456789");
    if (digits == std::string::npos || digits == 0 || line[digits] != '\t' || line.find_first_of("0123456789") > digits)
      return std::nullopt;
    line.erase(0, digits + 1);
    any = true;
  }
  if (!any) return std::nullopt;
  return join(lines, "\n");
}

/// The first line (1-based) of a run of `file` lines that equals `wanted`
/// up to whitespace; the first and last wanted lines may be parts of lines.
std::optional<size_t> whitespace_match(const std::vector<std::string>& file, const std::vector<std::string>& wanted) {
  size_t k = wanted.size();
  if (k == 0 || k > file.size() || file.size() * k > kMaxHintWork) return std::nullopt;
  for (size_t start = 0; start + k <= file.size(); ++start) {
    bool match = true;
    for (size_t j = 0; j < k && match; ++j) {
      const std::string& line = file[start + j];
      if (k == 1)
        match = line.find(wanted[0]) != std::string::npos;
      else if (j == 0)
        match = line.ends_with(wanted[j]);
      else if (j == k - 1)
        match = line.starts_with(wanted[j]);
      else
        match = line == wanted[j];
    }
    if (match) return start + 1;
  }
  return std::nullopt;
}

/// Why old_string may not have matched, and where the text probably is.
std::string near_match_hint(const std::string& content, const std::string& old_string) {
  if (auto stripped = without_line_numbers(crlf_to_lf(old_string));
      stripped && crlf_to_lf(content).find(*stripped) != std::string::npos)
    return " old_string includes line numbers from read_file (\"N<tab>\" at line starts); leave them out.";

  std::vector<std::string> file;
  for (const auto& line : split_lines(content)) file.push_back(squash(line));
  std::vector<std::string> wanted;
  for (const auto& line : split_lines(old_string)) wanted.push_back(squash(line));
  while (!wanted.empty() && wanted.back().empty()) wanted.pop_back();
  while (!wanted.empty() && wanted.front().empty()) wanted.erase(wanted.begin());
  if (wanted.empty()) return " old_string is only whitespace; include the text around it.";

  if (auto line = whitespace_match(file, wanted)) {
    std::string where = wanted.size() == 1 ? fmt::format("line {}", *line)
                                           : fmt::format("lines {}-{}", *line, *line + wanted.size() - 1);
    return fmt::format(
        " Text that differs only in whitespace or indentation is at {}; copy it exactly as read_file shows it "
        "(without the line numbers).",
        where);
  }
  if (wanted.size() > 1) {
    if (auto line = whitespace_match(file, {wanted.front()}))
      return fmt::format(" Its first line matches line {}, but the lines after it differ; read the file again.", *line);
  }
  return " Read the file again to see its current text.";
}

std::string occurrence_lines(const std::string& content, const std::string& needle) {
  std::vector<std::string> lines;
  size_t line = 1, scanned = 0;
  for (size_t pos = content.find(needle); pos != std::string::npos; pos = content.find(needle, pos + needle.size())) {
    if (lines.size() == kMaxListedLines) {
      lines.push_back("...");
      break;
    }
    line += static_cast<size_t>(std::count(content.begin() + static_cast<std::ptrdiff_t>(scanned),
                                           content.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
    scanned = pos;
    lines.push_back(std::to_string(line));
  }
  return join(lines, ", ");
}

Result<EditPlan> plan_edit(const nlohmann::json& args, const ToolContext& ctx) {
  auto path = path_arg(args, ctx);
  if (!path) return std::unexpected(path.error());
  auto target = check_write_target(ctx, *path);
  if (!target) return std::unexpected(target.error());

  EditPlan plan;
  plan.path = *path;
  plan.real = target->real;
  plan.shown = shown_path(ctx, *path);
  std::string old_string = string_arg(args, "old_string"), new_string = string_arg(args, "new_string");
  bool replace_every = bool_arg(args, "replace_all");
  auto invalid = [](std::string message) { return fail(ErrorCode::kInvalidArgument, std::move(message)); };

  if (old_string == new_string) return invalid("old_string and new_string are the same; nothing would change.");
  if (!target->exists) {
    if (!old_string.empty())
      return fail(ErrorCode::kNotFound,
                  not_found_message(ctx, *path) + " To create a file, use write_file or an empty old_string.");
    plan.created = true;
    plan.new_text = new_string;
    plan.replacements = 1;
    plan.first_line = 1;
    plan.last_line = count_lines(new_string);
    return plan;
  }
  if (target->size > kMaxEditBytes)
    return invalid(fmt::format("{} is too large to edit here ({}); use bash (e.g. sed) instead.", plan.shown,
                               format_bytes(target->size)));
  auto content = read_file_text(ctx, target->real);  // the editor's buffer, when it reads files
  if (!content) return std::unexpected(content.error());
  plan.old_text = std::move(*content);
  const std::string& text = plan.old_text;
  if (auto kind = binary_kind(text))
    return invalid(fmt::format("{} is a binary file ({}); edit_file edits text only.", plan.shown, *kind));

  if (old_string.empty()) {
    if (!text.empty())
      return invalid(fmt::format(
          "old_string is empty, but {} is not; give the exact text to replace (or use write_file to replace "
          "the whole file).",
          plan.shown));
    plan.new_text = new_string;
    plan.replacements = 1;
    plan.first_line = 1;
    plan.last_line = count_lines(new_string);
    return plan;
  }

  // Keep the file's line endings: a file that is all CRLF (or all LF) stays so.
  size_t crlf = count_occurrences(text, "\r\n"), lf = count_occurrences(text, "\n");
  if (crlf > 0 && crlf == lf) {
    old_string = lf_to_crlf(old_string);
    new_string = lf_to_crlf(new_string);
  } else if (crlf == 0) {
    old_string = crlf_to_lf(old_string);
    new_string = crlf_to_lf(new_string);
  }

  size_t count = count_occurrences(text, old_string);
  if (count == 0)
    return fail(ErrorCode::kNotFound,
                fmt::format("old_string was not found in {}.{}", plan.shown, near_match_hint(text, old_string)));
  if (count > 1 && !replace_every)
    return invalid(fmt::format(
        "old_string was found {} times in {} (lines {}); add more surrounding lines to make it unique, or set "
        "replace_all to change every one.",
        count, plan.shown, occurrence_lines(text, old_string)));

  size_t first_start = 0, last_end = 0;
  std::string& out = plan.new_text;
  size_t from = 0;
  for (size_t pos = text.find(old_string); pos != std::string::npos; pos = text.find(old_string, from)) {
    out.append(text, from, pos - from);
    if (plan.replacements++ == 0) first_start = out.size();
    out += new_string;
    last_end = out.size();
    from = pos + old_string.size();
  }
  out.append(text, from);
  plan.first_line = position_of(out, first_start).line;
  plan.last_line = std::max(plan.first_line, position_of(out, last_end > first_start ? last_end - 1 : last_end).line);
  return plan;
}

}  // namespace

const ToolSpec& EditFileTool::spec() const {
  static const ToolSpec kSpec{
      "edit_file",
      "Replace old_string with new_string in a file. old_string must match the file exactly (whitespace "
      "included, no line numbers) and only once, unless replace_all. An empty old_string creates a new file.",
      R"({"type":"object","properties":{"path":{"type":"string"},"old_string":{"type":"string"},)"
      R"("new_string":{"type":"string"},"replace_all":{"type":"boolean"}},)"
      R"("required":["path","old_string","new_string"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> EditFileTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  auto plan = plan_edit(args, ctx);
  if (!plan) return std::unexpected(plan.error());
  ToolEffect effect;
  effect.access = ToolAccess::kWrite;
  effect.paths = touched_paths(ctx, plan->path);
  std::string stats;
  effect.detail = diff_preview(plan->old_text, plan->new_text, plan->shown, plan->created, &stats);
  effect.summary = fmt::format("{} {} ({})", plan->created ? "create" : "edit", plan->shown, stats);
  std::string range = plan->first_line == plan->last_line
                          ? fmt::format("line {}", plan->first_line)
                          : fmt::format("lines {}-{}", plan->first_line, plan->last_line);
  std::string done =
      plan->created ? fmt::format("Created {} ({}).", plan->shown, plural(count_lines(plan->new_text), "line", "lines"))
                    : fmt::format("Edited {}: {} replaced ({}).", plan->shown,
                                  plural(plan->replacements, "occurrence", "occurrences"), range);
  effect.write = PreparedWrite{.target = plan->real,
                               .shown = plan->shown,
                               .content = std::move(plan->new_text),
                               .base_sha256 = plan->created ? std::nullopt : std::optional(sha256_hex(plan->old_text)),
                               .done = std::move(done)};
  return effect;
}

ToolOutput EditFileTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  auto effect = inspect(args, ctx);
  if (!effect) return ToolOutput::error(effect.error().message);
  return apply_prepared_write(*effect->write, ctx);
}

}  // namespace pair
