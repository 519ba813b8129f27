#include "core/permission_rules.h"

#include <fnmatch.h>

#include "core/shell_commands.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> segments(std::string_view path) {
  std::vector<std::string> out;
  for (auto& s : split(path, '/'))
    if (!s.empty()) out.push_back(std::move(s));
  return out;
}

bool match_segments(const std::vector<std::string>& pat, size_t pi, const std::vector<std::string>& path, size_t si) {
  if (pi == pat.size()) return si == path.size();
  if (pat[pi] == "**") {
    // Zero or more whole segments.
    for (size_t k = si; k <= path.size(); ++k)
      if (match_segments(pat, pi + 1, path, k)) return true;
    return false;
  }
  if (si == path.size()) return false;
  if (::fnmatch(pat[pi].c_str(), path[si].c_str(), 0) != 0) return false;
  return match_segments(pat, pi + 1, path, si + 1);
}

bool is_command_tool(const ToolEffect& effect) {
  return effect.access == ToolAccess::kExecute;
}

bool command_glob_matches(const std::string& pattern, const std::string& command) {
  return ::fnmatch(pattern.c_str(), command.c_str(), 0) == 0;
}

bool is_literal_glob(const std::string& pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '[') {
      return false;
    }
  }
  return true;
}

// web_fetch(domain:docs.python.org) or web_fetch(domain:*.github.com) names the URL's host; any
// other pattern is a glob over the request itself (the URL, or the search query).
bool network_target_matches(const std::string& pattern, const ToolEffect& effect) {
  if (pattern.starts_with("domain:")) {
    auto url = parse_url(effect.detail);
    return url && ::fnmatch(pattern.substr(7).c_str(), url->host.c_str(), FNM_CASEFOLD) == 0;
  }
  return command_glob_matches(pattern, effect.detail);
}

}  // namespace

std::string_view rule_action_name(RuleAction a) {
  switch (a) {
    case RuleAction::kAllow: return "allow";
    case RuleAction::kAsk: return "ask";
    case RuleAction::kDeny: return "deny";
  }
  return "ask";
}

std::string PermissionRule::text() const {
  return pattern ? tool + "(" + *pattern + ")" : tool;
}

Result<PermissionRule> parse_permission_rule(std::string_view text, RuleAction action, std::string source) {
  std::string_view t = trim(text);
  PermissionRule r;
  r.action = action;
  r.source = std::move(source);
  size_t open = t.find('(');
  if (open == std::string_view::npos) {
    r.tool = std::string(t);
  } else {
    if (!t.ends_with(")"))
      return fail(ErrorCode::kConfig,
                  "permission rule \"" + std::string(text) +
                      "\" has no closing parenthesis; write it as tool(pattern), e.g. bash(git status)");
    r.tool = std::string(trim(t.substr(0, open)));
    r.pattern = std::string(t.substr(open + 1, t.size() - open - 2));
    if (r.pattern->empty())
      return fail(ErrorCode::kConfig, "permission rule \"" + std::string(text) + "\" has an empty pattern");
  }
  if (r.tool.empty() || r.tool.find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos)
    return fail(ErrorCode::kConfig, "permission rule \"" + std::string(text) +
                                        "\" must start with a tool name such as bash, read_file or edit_file");
  return r;
}

bool path_glob_matches(std::string_view pattern, const fs::path& path, const fs::path& workspace) {
  std::string p(trim(pattern));
  if (p.starts_with("~/") || p == "~") {
    p = expand_home(p).string();
  } else if (!p.starts_with("/") && !p.starts_with("**")) {
    p = (workspace / p).lexically_normal().string();
  }
  return match_segments(segments(p), 0, segments(path.lexically_normal().string()), 0);
}

bool PermissionRules::matches_any(const PermissionRule& rule, const ToolEffect& effect,
                                  const fs::path& workspace) const {
  if (!rule.pattern) return true;
  if (is_command_tool(effect)) {
    if (command_glob_matches(*rule.pattern, std::string(trim_shell_blanks(effect.detail)))) return true;
    auto commands = split_shell_commands(effect.detail);
    if (!commands) return false;
    for (const auto& c : *commands)
      if (command_glob_matches(*rule.pattern, c.text)) return true;
    return false;
  }
  if (effect.access == ToolAccess::kNetwork) return network_target_matches(*rule.pattern, effect);
  for (const auto& p : effect.paths)
    if (path_glob_matches(*rule.pattern, p, workspace)) return true;
  return false;
}

bool PermissionRules::admits_all(std::string_view tool, const ToolEffect& effect, const fs::path& workspace) const {
  auto allows = [&](auto&& pred) {
    for (const auto& r : rules_)
      if (r.action == RuleAction::kAllow && r.tool == tool && pred(r)) return true;
    return false;
  };
  if (allows([](const PermissionRule& r) { return !r.pattern; })) return true;
  if (is_command_tool(effect)) {
    // A rule without wildcards names one exact command line (an "always" answer): it admits
    // that line, compound or not, and nothing else.
    std::string line(trim_shell_blanks(effect.detail));
    if (line.find('\0') != std::string::npos) return false;  // fnmatch would stop at it; bash too
    if (allows([&](const PermissionRule& r) {
          return is_literal_glob(*r.pattern) && command_glob_matches(*r.pattern, line);
        }))
      return true;
    auto commands = split_shell_commands(effect.detail);
    if (!commands || commands->empty()) return false;
    for (const auto& c : *commands) {
      if (c.writes_redirect) return false;
      if (!allows([&](const PermissionRule& r) { return command_glob_matches(*r.pattern, c.text); })) return false;
    }
    return true;
  }
  if (effect.access == ToolAccess::kNetwork)
    return allows([&](const PermissionRule& r) { return network_target_matches(*r.pattern, effect); });
  if (effect.paths.empty()) return false;
  for (const auto& p : effect.paths)
    if (!allows([&](const PermissionRule& r) { return path_glob_matches(*r.pattern, p, workspace); })) return false;
  return true;
}

std::optional<RuleVerdict> PermissionRules::check(std::string_view tool, const ToolEffect& effect,
                                                  const fs::path& workspace) const {
  for (RuleAction action : {RuleAction::kDeny, RuleAction::kAsk}) {
    for (const auto& r : rules_)
      if (r.action == action && r.tool == tool && matches_any(r, effect, workspace))
        return RuleVerdict{action, r.text()};
  }
  if (admits_all(tool, effect, workspace)) return RuleVerdict{RuleAction::kAllow, std::string(tool) + " allow rules"};
  return std::nullopt;
}

}  // namespace pair
