#include "tools/list_files.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "tools/ripgrep.h"
#include "tools/tool_helpers.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr int64_t kDefaultDepth = 3;
constexpr size_t kMaxKeptEntries = 100'000;  // memory bound; later entries are only counted
constexpr std::chrono::seconds kListTimeout{30};

size_t depth_of(const std::string& entry) {
  size_t slashes = static_cast<size_t>(std::count(entry.begin(), entry.end(), '/'));
  return entry.ends_with('/') ? slashes : slashes + 1;
}

/// Entries (files, and the directories that hold them) down to a depth.
class Tree {
 public:
  explicit Tree(size_t max_depth) : max_depth_(max_depth) {}

  void add_file(std::string_view path) {
    size_t depth = 1;
    for (size_t slash = path.find('/'); slash != std::string_view::npos && depth <= max_depth_;
         slash = path.find('/', slash + 1), ++depth)
      insert(std::string(path.substr(0, slash + 1)));
    if (depth <= max_depth_) insert(std::string(path));
  }
  const std::set<std::string>& entries() const { return entries_; }
  size_t total() const { return entries_.size() + dropped_; }

 private:
  void insert(std::string entry) {
    if (entries_.size() < kMaxKeptEntries) {
      entries_.insert(std::move(entry));
    } else if (!entries_.contains(entry)) {
      ++dropped_;  // approximate: a dropped directory may be counted more than once
    }
  }

  size_t max_depth_;
  std::set<std::string> entries_;
  size_t dropped_ = 0;
};

}  // namespace

const ToolSpec& ListFilesTool::spec() const {
  static const ToolSpec kSpec{
      "list_files", "List files and directories (directories end in /), skipping those ignored by .gitignore.",
      R"({"type":"object","properties":{"path":{"type":"string","description":"default: workspace"},)"
      R"("depth":{"type":"integer","description":"levels, default 3"}},)"
      R"("additionalProperties":false})"};
  return kSpec;
}

namespace {

fs::path listed_path(const nlohmann::json& args, const ToolContext& ctx) {
  std::string p = string_arg(args, "path");
  return trim(p).empty() ? ctx.workspace : resolve_path(ctx.workspace, p);
}

}  // namespace

Result<ToolEffect> ListFilesTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  fs::path path = listed_path(args, ctx);
  ToolEffect effect;
  effect.access = ToolAccess::kRead;
  effect.paths = touched_paths(ctx, path);
  effect.summary = "list " + shown_path(ctx, path);
  if (auto allowed = check_read_rules(ctx, path, effect.summary); !allowed) return std::unexpected(allowed.error());
  return effect;
}

ToolOutput ListFilesTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  fs::path path = listed_path(args, ctx);
  std::string shown = shown_path(ctx, path);
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return ToolOutput::error(not_found_message(ctx, path));
  if (!fs::is_directory(status)) return ToolOutput::ok(path.filename().string() + "\n");

  size_t depth = static_cast<size_t>(std::max<int64_t>(1, int_arg(args, "depth").value_or(kDefaultDepth)));
  // Every file is checked against the permission rules (no rg exclusions: listing reads no
  // content, and the files left out are counted).
  ReadFilter filter = read_filter(ctx, path);
  size_t left_out = 0;
  auto list = [&](bool ignore_rules, Tree& tree) {
    std::vector<std::string> rg_args = {"--files", "--hidden", "--null", "--glob", "!.git"};
    rg_args.push_back(ignore_rules ? "--no-require-git" : "--no-ignore");
    left_out = 0;
    return run_ripgrep(
        rg_args, path, '\0',
        [&](std::string_view file) {
          if (filter.active() && !filter.decide(path / std::string(file)).allowed()) {
            ++left_out;
          } else {
            tree.add_file(file);
          }
        },
        kListTimeout, ctx.stop);
  };
  Tree tree(depth);
  auto outcome = list(true, tree);
  if (!outcome) return ToolOutput::error(outcome.error().message);
  std::string note;
  if (tree.total() == 0 && left_out == 0 && outcome->exit_code != 2 && !outcome->cancelled && !outcome->timed_out) {
    // Everything here is ignored (say, a build directory): asked for by name, so list it anyway.
    outcome = list(false, tree);
    if (!outcome) return ToolOutput::error(outcome.error().message);
    if (tree.total() == 0 && left_out == 0) return ToolOutput::ok(shown + " is empty.");
    note = "[every file here is ignored by .gitignore or similar; listed anyway]\n";
  }
  if (outcome->cancelled) return ToolOutput::error("Cancelled while listing " + shown + ".");
  if (tree.total() == 0 && left_out > 0)
    return ToolOutput::ok(fmt::format("Nothing to show in {}.\n{}", shown, left_out_note(left_out)));
  if (tree.total() == 0)
    return ToolOutput::error(
        fmt::format("Cannot list {}: {}", shown, trim(shown_ripgrep_errors(outcome->errors, filter, path))));

  // Over the cap, keep the shallowest entries: the overall shape matters most.
  std::vector<std::string> shown_entries(tree.entries().begin(), tree.entries().end());
  size_t cap = std::max<size_t>(1, ctx.limits.list_max_entries);
  if (tree.total() > cap) {
    std::stable_sort(shown_entries.begin(), shown_entries.end(),
                     [](const std::string& a, const std::string& b) { return depth_of(a) < depth_of(b); });
    shown_entries.resize(std::min(cap, shown_entries.size()));
    std::sort(shown_entries.begin(), shown_entries.end());
  }
  std::string text = note;
  for (const auto& entry : shown_entries) text += entry + "\n";
  if (tree.total() > shown_entries.size())
    text += fmt::format("[showing {} of {} entries; list a subdirectory, or use a smaller depth, to see the rest]\n",
                        shown_entries.size(), tree.total());
  if (outcome->timed_out)
    text += fmt::format("[listing stopped after {}s; list a subdirectory instead]\n", kListTimeout.count());
  text += left_out_note(left_out);
  return ToolOutput::ok(std::move(text));
}

}  // namespace pair
