#include "core/permission_rules.h"

#include <fnmatch.h>

#include <algorithm>

#include "core/command_line.h"
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

/// Whether a rule written for `rule_tool` covers calls of `tool`: the same
/// name, or `mcp__SERVER` for every tool of that MCP server (`mcp__SERVER__TOOL`).
bool rule_covers(std::string_view rule_tool, std::string_view tool) {
  if (rule_tool == tool) return true;
  return rule_tool.starts_with("mcp__") && rule_tool.find("__", 5) == std::string_view::npos &&
         tool.size() > rule_tool.size() + 2 && tool.starts_with(rule_tool) && tool.substr(rule_tool.size(), 2) == "__";
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

/// What a deny or ask rule is matched against for one run (its first `count` words): the words
/// after quote removal joined plainly and quoted as SimpleCommand::text quotes them, and both
/// again with the command's path cut to its last component.
std::vector<std::string> run_texts(const std::vector<std::string>& words, size_t count) {
  std::string plain, quoted, plain_name, quoted_name;
  for (size_t i = 0; i < count && i < words.size(); ++i) {
    std::string_view sep = i == 0 ? "" : " ";
    std::string name(i == 0 ? command_name(words[i]) : std::string_view(words[i]));
    plain += std::string(sep) + words[i];
    quoted += std::string(sep) + quote_shell_word(words[i]);
    plain_name += std::string(sep) + name;
    quoted_name += std::string(sep) + quote_shell_word(name);
  }
  return {plain, quoted, plain_name, quoted_name};
}

/// Whether some text starting with `known` could match `pattern`: their literal beginnings agree.
bool could_match_longer(const std::string& pattern, const std::string& known) {
  std::string literal;
  bool whole = true;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) {
      literal += pattern[++i];
    } else if (pattern[i] == '*' || pattern[i] == '?' || pattern[i] == '[') {
      whole = false;
      break;
    } else {
      literal += pattern[i];
    }
  }
  size_t n = std::min(literal.size(), known.size());
  if (literal.compare(0, n, known, 0, n) != 0) return false;
  return !(whole && known.size() > literal.size());
}

enum class CommandMatch { kNo, kMaybe, kYes };

/// A deny or ask rule's pattern against a bash line: the whole line, each simple command's text,
/// and every run. kMaybe: only an open-ended run (xargs, find -exec) could match.
CommandMatch command_rule_matches(const std::string& pattern, std::string_view line, const CommandLine& commands) {
  if (command_glob_matches(pattern, std::string(trim_shell_blanks(line)))) return CommandMatch::kYes;
  CommandMatch found = CommandMatch::kNo;
  for (const auto& c : commands.commands) {
    if (command_glob_matches(pattern, c.command.text)) return CommandMatch::kYes;
    for (const auto& run : c.runs) {
      for (const auto& text : run_texts(run.words, run.words.size()))
        if (command_glob_matches(pattern, text)) return CommandMatch::kYes;
      if (!run.open_ended) continue;
      for (const auto& text : run_texts(run.words, run.known_words))
        if (could_match_longer(pattern, text)) found = CommandMatch::kMaybe;
    }
  }
  return found;
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
  // MCP tools (`mcp__SERVER__TOOL`) carry the server's and the tool's own names: any case, and '-'.
  std::string_view name_chars = r.tool.starts_with("mcp__")
                                    ? "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-0123456789"
                                    : "abcdefghijklmnopqrstuvwxyz_0123456789";
  if (r.tool.empty() || r.tool.find_first_not_of(name_chars) != std::string::npos)
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
  if (effect.access == ToolAccess::kNetwork) return network_target_matches(*rule.pattern, effect);
  for (const auto& p : effect.paths)
    if (path_glob_matches(*rule.pattern, p, workspace)) return true;
  return false;
}

bool PermissionRules::admits_all(std::string_view tool, const ToolEffect& effect, const fs::path& workspace) const {
  auto allows = [&](auto&& pred) {
    for (const auto& r : rules_)
      if (r.action == RuleAction::kAllow && rule_covers(r.tool, tool) && pred(r)) return true;
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
    CommandLine commands = read_command_line(effect.detail);
    if (!commands.understood() || commands.commands.empty()) return false;
    for (const auto& c : commands.commands) {
      if (c.command.writes_redirect || c.command.substituted) return false;
      // An option that runs a program or writes a file rides only a rule naming it exactly.
      if (!allows([&](const PermissionRule& r) {
            return command_glob_matches(*r.pattern, c.command.text) &&
                   (c.exec_option.empty() || is_literal_glob(*r.pattern));
          }))
        return false;
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

std::optional<RuleVerdict> PermissionRules::check_command(std::string_view tool, const ToolEffect& effect) const {
  CommandLine commands = read_command_line(effect.detail);
  const PermissionRule* guard = nullptr;  // the first deny or ask rule of the tool
  const PermissionRule* maybe = nullptr;  // one that an open-ended run could match
  const PermissionRule* ask = nullptr;    // an ask rule that matches
  for (RuleAction action : {RuleAction::kDeny, RuleAction::kAsk}) {
    for (const auto& r : rules_) {
      if (r.action != action || r.tool != tool) continue;
      if (!guard) guard = &r;
      CommandMatch m = r.pattern ? command_rule_matches(*r.pattern, effect.detail, commands) : CommandMatch::kYes;
      if (m == CommandMatch::kYes && action == RuleAction::kDeny)
        return RuleVerdict{.action = action, .rule = r.text()};
      if (m == CommandMatch::kYes && !ask) ask = &r;
      if (m == CommandMatch::kMaybe && !maybe) maybe = &r;
    }
  }
  if (guard && (!commands.understood() || maybe)) {
    std::string reason = commands.understood()
                             ? "it starts a command whose arguments are known only when it runs (xargs, find -exec)"
                             : "the command line holds " + commands.not_understood + ", which rules cannot see through";
    return RuleVerdict{.action = RuleAction::kAsk,
                       .rule = (maybe ? maybe : guard)->text(),
                       .holds_in_bypass = true,
                       .reason = std::move(reason)};
  }
  if (ask) return RuleVerdict{.action = RuleAction::kAsk, .rule = ask->text()};
  return std::nullopt;
}

std::optional<RuleVerdict> PermissionRules::check(std::string_view tool, const ToolEffect& effect,
                                                  const fs::path& workspace) const {
  if (is_command_tool(effect)) {
    if (auto verdict = check_command(tool, effect)) return verdict;
    if (admits_all(tool, effect, workspace))
      return RuleVerdict{.action = RuleAction::kAllow, .rule = std::string(tool) + " allow rules"};
    return std::nullopt;
  }
  for (RuleAction action : {RuleAction::kDeny, RuleAction::kAsk}) {
    for (const auto& r : rules_)
      if (r.action == action && rule_covers(r.tool, tool) && matches_any(r, effect, workspace))
        return RuleVerdict{.action = action, .rule = r.text()};
  }
  if (admits_all(tool, effect, workspace))
    return RuleVerdict{.action = RuleAction::kAllow, .rule = std::string(tool) + " allow rules"};
  return std::nullopt;
}

}  // namespace pair
