#include "tools/ripgrep.h"

#include <fnmatch.h>

#include <optional>

#include "util/paths.h"
#include "util/strings.h"
#include "util/subprocess.h"

namespace pair {
namespace {

/// A record longer than this is passed on cut (rg's own limits keep real ones short).
constexpr size_t kMaxRecordBytes = 64 * 1024;

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  for (auto& s : split(path, '/'))
    if (!s.empty()) out.push_back(std::move(s));
  return out;
}

/// One segment of a rule's glob (fnmatch syntax) in rg's glob syntax, or
/// nullopt when it cannot be carried over exactly.
std::optional<std::string> rg_segment(const std::string& segment) {
  if (segment == "**") return segment;
  std::string out;
  for (char c : segment) {
    if (c == '[' || c == ']' || c == '\\') return std::nullopt;
    if (c == '*' && out.ends_with('*')) continue;  // "a**b" is "a*b" for fnmatch; rg refuses it
    if (c == '{' || c == '}' || c == ',' || c == ' ' || c == '!' || c == '#') out += '\\';
    out += c;
  }
  return out;
}

/// The glob for one pattern, relative to `root` (segments from /).
std::optional<std::string> exclusion(std::string_view pattern, const std::vector<std::string>& root,
                                     const std::filesystem::path& workspace) {
  std::string p(trim(pattern));
  if (p.starts_with("~/") || p == "~") {
    p = expand_home(p).string();
  } else if (!p.starts_with("/") && !p.starts_with("**")) {
    p = (workspace / p).lexically_normal().string();
  }
  std::vector<std::string> pat = segments(p);
  size_t i = 0;
  for (; i < root.size() && i < pat.size() && pat[i] != "**"; ++i)
    if (::fnmatch(pat[i].c_str(), root[i].c_str(), 0) != 0) return std::nullopt;  // elsewhere
  if (i == pat.size()) return std::nullopt;  // `root` itself or above it: the caller checks that
  // What is left, from `root` on: anchored there, unless it starts with `**` (then it matches
  // at any depth below `root`, a subset of what the rule matches when `**` began above it).
  std::vector<std::string> rest;
  for (size_t j = i; j < pat.size(); ++j) {
    auto s = rg_segment(pat[j]);
    if (!s) return std::nullopt;
    rest.push_back(std::move(*s));
  }
  return (pat[i] == "**" ? "!" : "!/") + join(rest, "/");
}

}  // namespace

std::string shown_ripgrep_errors(std::string_view errors, const ReadFilter& filter, const std::filesystem::path& cwd) {
  if (!filter.active()) return std::string(errors);
  std::string out;
  for (const auto& line : split_lines(errors)) {
    size_t colon = line.find(": ");
    if (colon != std::string::npos && !filter.decide(resolve_path(cwd, line.substr(0, colon))).allowed()) continue;
    out += line + "\n";
  }
  return out;
}

std::vector<std::string> ripgrep_exclusions(const std::vector<std::string>& patterns, const std::filesystem::path& root,
                                            const std::filesystem::path& workspace) {
  std::vector<std::string> root_segments = segments(root.lexically_normal().string());
  std::vector<std::string> args;
  for (const auto& pattern : patterns) {
    if (auto glob = exclusion(pattern, root_segments, workspace)) args.insert(args.end(), {"--glob", *glob});
  }
  return args;
}

Result<RipgrepOutcome> run_ripgrep(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                   char separator, const std::function<void(std::string_view)>& on_record,
                                   std::chrono::milliseconds timeout, std::stop_token stop) {
  std::string rg = find_executable("rg");
  if (rg.empty())
    return fail(ErrorCode::kNotFound,
                "ripgrep (rg) is not installed, and this tool needs it. Ask the user to install it "
                "(Debian/Ubuntu: apt-get install ripgrep); until then, use bash with find or grep.");

  ProcessOptions options;
  options.argv = {rg, "--no-config"};
  options.argv.insert(options.argv.end(), args.begin(), args.end());
  options.cwd = cwd;
  options.merge_stderr = false;
  options.timeout = timeout;
  options.head_bytes = 4096;  // stdout is parsed below; stderr keeps this much
  options.tail_bytes = 1024;

  std::string pending;
  bool overlong = false;
  options.on_output = [&](std::string_view chunk) {
    for (;;) {
      size_t end = chunk.find(separator);
      std::string_view piece = chunk.substr(0, end);
      if (!overlong) {
        size_t room = kMaxRecordBytes - pending.size();
        pending.append(piece.substr(0, room));
        overlong = piece.size() > room;
      }
      if (end == std::string_view::npos) return;
      on_record(pending);
      pending.clear();
      overlong = false;
      chunk.remove_prefix(end + 1);
    }
  };

  auto run = run_process(options, stop);
  if (!run) return std::unexpected(run.error());
  if (!pending.empty()) on_record(pending);

  RipgrepOutcome outcome;
  outcome.exit_code = run->signal ? -1 : run->exit_code;
  outcome.errors = run->error_output;
  outcome.timed_out = run->timed_out;
  outcome.cancelled = run->cancelled;
  return outcome;
}

}  // namespace pair
