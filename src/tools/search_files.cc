#include "tools/search_files.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "tools/ripgrep.h"
#include "tools/tool_helpers.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr std::chrono::seconds kSearchTimeout{30};
constexpr std::chrono::seconds kCountTimeout{10};
constexpr const char* kMaxColumns = "300";

fs::path searched_path(const nlohmann::json& args, const ToolContext& ctx) {
  std::string p = string_arg(args, "path");
  return trim(p).empty() ? ctx.workspace : resolve_path(ctx.workspace, p);
}

}  // namespace

const ToolSpec& SearchFilesTool::spec() const {
  static const ToolSpec kSpec{"search_files",
                              "Search file contents with a regex (Rust syntax), skipping files ignored by .gitignore. "
                              "Returns path:line:text lines.",
                              R"({"type":"object","properties":{"pattern":{"type":"string"},)"
                              R"("path":{"type":"string","description":"file or directory, default: workspace"},)"
                              R"("glob":{"type":"string","description":"only files matching this, e.g. *.py"}},)"
                              R"("required":["pattern"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> SearchFilesTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  std::string pattern = string_arg(args, "pattern");
  if (pattern.empty()) return fail(ErrorCode::kInvalidArgument, "pattern is empty; give a regex to search for.");
  fs::path path = searched_path(args, ctx);
  ToolEffect effect;
  effect.access = ToolAccess::kRead;
  effect.paths = touched_paths(ctx, path);
  effect.summary = fmt::format("search \"{}\" in {}", shorten(pattern, 60), shown_path(ctx, path));
  if (auto allowed = check_read_rules(ctx, path, effect.summary); !allowed) return std::unexpected(allowed.error());
  return effect;
}

ToolOutput SearchFilesTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  std::string pattern = string_arg(args, "pattern");
  if (pattern.empty()) return ToolOutput::error("pattern is empty; give a regex to search for.");
  std::string glob = string_arg(args, "glob");
  fs::path path = searched_path(args, ctx);
  std::string shown = shown_path(ctx, path);
  std::error_code ec;
  if (!fs::exists(path, ec)) return ToolOutput::error(not_found_message(ctx, path));

  // Which files: the same for the search and for counting what the permission rules leave out.
  std::vector<std::string> files = {"--hidden", "--no-require-git", "--glob", "!.git"};
  if (!glob.empty()) files.insert(files.end(), {"--glob", glob});
  ReadFilter filter = read_filter(ctx, path);
  std::vector<std::string> rg_args = files;
  if (filter.active()) {
    // Last, so that they win over `glob`; results are checked again below all the same.
    auto excluded = ripgrep_exclusions(ctx.read_access.patterns, ctx.workspace, ctx.workspace);
    rg_args.insert(rg_args.end(), excluded.begin(), excluded.end());
  }
  rg_args.insert(rg_args.end(),
                 {"--line-number", "--no-heading", "--with-filename", "--null", "--color", "never", "--max-columns",
                  kMaxColumns, "--max-columns-preview", "--sort", "path", "-e", pattern});
  if (path != ctx.workspace) rg_args.insert(rg_args.end(), {"--", shown});

  size_t matches = 0, cap = std::max<size_t>(1, ctx.limits.search_max_matches);
  std::string text;
  std::string last_file;  // lines come grouped by file: decide once per file
  bool last_allowed = true;
  auto outcome = run_ripgrep(
      rg_args, ctx.workspace, '\n',
      [&](std::string_view line) {
        if (line.ends_with('\r')) line.remove_suffix(1);  // a CRLF file
        size_t nul = line.find('\0');                     // path NUL line:text
        if (nul == std::string_view::npos) {
          if (filter.active()) return;  // no file to check it by
        } else if (std::string_view file = line.substr(0, nul); filter.active() && file != last_file) {
          last_file = std::string(file);
          last_allowed = filter.decide(resolve_path(ctx.workspace, last_file)).allowed();
        }
        if (filter.active() && !last_allowed) return;
        if (matches++ >= cap) return;
        text += utf8_sanitize(nul == std::string_view::npos
                                  ? std::string(line)
                                  : std::string(line.substr(0, nul)) + ":" + std::string(line.substr(nul + 1)));
        text += "\n";
      },
      kSearchTimeout, ctx.stop);
  if (!outcome) return ToolOutput::error(outcome.error().message);
  if (outcome->cancelled) return ToolOutput::error("Cancelled while searching " + shown + ".");
  std::string where =
      (path == ctx.workspace ? "the workspace" : shown) + (glob.empty() ? "" : " (files matching " + glob + ")");
  outcome->errors = shown_ripgrep_errors(outcome->errors, filter, ctx.workspace);
  if (outcome->exit_code == 2 && trim(outcome->errors).empty()) outcome->exit_code = matches > 0 ? 0 : 1;
  if (outcome->exit_code == 2 && matches == 0) {
    std::string errors(trim(outcome->errors));
    if (errors.find("error parsing glob") != std::string::npos) return ToolOutput::error("Invalid glob: " + errors);
    if (errors.find("regex parse error") != std::string::npos)
      return ToolOutput::error(
          "Invalid pattern for ripgrep:\n" + errors +
          "\nThe pattern is a Rust regex: escape literal characters such as ( ) [ ] { } . * + ? | with a backslash.");
    return ToolOutput::error("Search failed: " + errors);
  }
  std::string left_out;
  if (filter.active()) {
    // Counted apart: rg never saw the files the exclusions kept it from.
    size_t count = 0;
    files.insert(files.end(), {"--files", "--null"});
    if (path != ctx.workspace) files.insert(files.end(), {"--", shown});
    auto counted = run_ripgrep(
        files, ctx.workspace, '\0',
        [&](std::string_view file) {
          if (!filter.decide(resolve_path(ctx.workspace, std::string(file))).allowed()) ++count;
        },
        kCountTimeout, ctx.stop);
    if (counted && counted->cancelled) return ToolOutput::error("Cancelled while searching " + shown + ".");
    left_out = left_out_note(count);
  }

  if (matches == 0 && !outcome->timed_out)
    return ToolOutput::ok(fmt::format("No matches for {} in {}.", pattern, where) +
                          (left_out.empty() ? "" : "\n" + left_out));

  if (matches > cap)
    text += fmt::format("[showing {} of {} matches; narrow the search with path, glob or a more specific pattern]\n",
                        cap, matches);
  if (outcome->timed_out)
    text += fmt::format("[search stopped after {}s; narrow it with path or glob]\n", kSearchTimeout.count());
  if (outcome->exit_code == 2) text += "[some files could not be searched: " + first_line(outcome->errors) + "]\n";
  text += left_out;
  return ToolOutput::ok(std::move(text));
}

}  // namespace pair
