#include "core/permissions.h"

#include "core/shell_commands.h"
#include "util/paths.h"
#include "util/strings.h"
#include "util/url.h"

namespace pair {

std::string_view permission_mode_name(PermissionMode m) {
  switch (m) {
    case PermissionMode::kDefault: return "default";
    case PermissionMode::kAcceptEdits: return "accept-edits";
    case PermissionMode::kBypass: return "bypass";
  }
  return "default";
}

std::optional<PermissionMode> parse_permission_mode(std::string_view name) {
  for (auto m : {PermissionMode::kDefault, PermissionMode::kAcceptEdits, PermissionMode::kBypass})
    if (permission_mode_name(m) == name) return m;
  return std::nullopt;
}

PermissionPolicy::PermissionPolicy(PermissionMode mode, std::filesystem::path workspace)
    : mode_(mode), workspace_(std::move(workspace)) {}

namespace {

/// A literal path as a glob that matches only itself.
std::string escape_glob(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

/// What a write must never change without the user seeing it, whatever the rules or the mode
/// (but bypass) say: files that decide what pair or git run next time (`.git/config`, hooks, a
/// project's `.pair/` settings, `.mcp.json`) and pair's own configuration and state.
std::string protected_write_reason(const std::filesystem::path& p) {
  for (const auto& own : {config_dir(), state_dir(), data_dir()})
    if (is_within(own.lexically_normal(), p)) return "it changes pair's own files (" + own.string() + ")";
  for (const auto& part : p) {
    if (part == ".git") return "it changes a .git directory (git's config and hooks run commands)";
    if (part == ".pair") return "it changes a .pair directory (pair's project settings)";
  }
  if (p.filename() == ".mcp.json") return "it changes .mcp.json (the MCP servers a project starts)";
  return "";
}

}  // namespace

void PermissionPolicy::allow_always(std::string_view tool, const std::filesystem::path& path) {
  PermissionRule r;
  r.action = RuleAction::kAllow;
  r.tool = std::string(tool);
  if (!path.empty()) r.pattern = escape_glob(path.string());
  r.source = "this session";
  rules_.add(std::move(r));
}

Result<void> PermissionPolicy::allow_rule(std::string_view text, std::string source) {
  auto rule = parse_permission_rule(text, RuleAction::kAllow, std::move(source));
  if (!rule) return std::unexpected(rule.error());
  rules_.add(std::move(*rule));
  return {};
}

std::string PermissionPolicy::rule_for(std::string_view tool, const ToolEffect& effect) const {
  std::string name(tool);
  if (effect.access == ToolAccess::kExecute) {
    std::string command(trim_shell_blanks(effect.detail));
    return command.empty() ? name : name + "(" + escape_glob(command) + ")";
  }
  if (effect.access == ToolAccess::kNetwork) {
    auto url = parse_url(effect.detail);
    return url ? name + "(domain:" + url->host + ")" : name;
  }
  if (effect.paths.empty()) return name;
  return name + "(" + escape_glob(display_path(workspace_, effect.paths.front())) + ")";
}

PermissionCheck PermissionPolicy::check(std::string_view tool, const ToolEffect& effect) const {
  auto verdict = rules_.check(tool, effect, workspace_);
  if (verdict && verdict->action == RuleAction::kDeny)
    return {PermissionVerdict::kDeny, "denied by the rule " + verdict->rule};
  if (verdict && verdict->action == RuleAction::kAsk && verdict->holds_in_bypass)
    return {PermissionVerdict::kAsk,
            "the rules cannot tell what it runs (" + verdict->reason + "), and " + verdict->rule + " might cover it"};
  if (mode_ == PermissionMode::kBypass) return {PermissionVerdict::kAllow, ""};
  if (effect.access == ToolAccess::kWrite)
    for (const auto& p : effect.paths)
      if (std::string why = protected_write_reason(p); !why.empty()) return {PermissionVerdict::kAsk, why};
  if (verdict && verdict->action == RuleAction::kAsk)
    return {PermissionVerdict::kAsk, "the rule " + verdict->rule + " asks"};
  if (verdict && verdict->action == RuleAction::kAllow) return {PermissionVerdict::kAllow, ""};
  bool inside = true;
  for (const auto& p : effect.paths) inside = inside && is_within(workspace_, p);
  switch (effect.access) {
    case ToolAccess::kRead:
      if (inside) return {PermissionVerdict::kAllow, ""};
      return {PermissionVerdict::kAsk, "it reads outside the workspace"};
    case ToolAccess::kWrite:
      if (!inside) return {PermissionVerdict::kAsk, "it writes outside the workspace"};
      if (mode_ == PermissionMode::kAcceptEdits) return {PermissionVerdict::kAllow, ""};
      return {PermissionVerdict::kAsk, "it changes files"};
    case ToolAccess::kExecute: return {PermissionVerdict::kAsk, "it runs a command"};
    case ToolAccess::kNetwork:
      if (network_allowed_) return {PermissionVerdict::kAllow, ""};
      return {PermissionVerdict::kAsk, "it sends a request over the network"};
    case ToolAccess::kExternal: return {PermissionVerdict::kAsk, "it calls a tool of an MCP server"};
  }
  return {PermissionVerdict::kAsk, ""};
}

PermissionCheck PermissionPolicy::check_read(const std::filesystem::path& path) const {
  for (RuleAction action : {RuleAction::kDeny, RuleAction::kAsk}) {
    if (action == RuleAction::kAsk && mode_ == PermissionMode::kBypass) break;
    for (const auto& r : rules_.rules()) {
      if (r.action != action || r.tool != "read_file") continue;
      if (r.pattern && !path_glob_matches(*r.pattern, path, workspace_)) continue;
      if (action == RuleAction::kDeny) return {PermissionVerdict::kDeny, "denied by the rule " + r.text()};
      return {PermissionVerdict::kAsk, "the rule " + r.text() + " asks"};
    }
  }
  return {PermissionVerdict::kAllow, ""};
}

std::vector<std::string> PermissionPolicy::read_rule_patterns() const {
  std::vector<std::string> out;
  for (const auto& r : rules_.rules())
    if (r.tool == "read_file" &&
        (r.action == RuleAction::kDeny || (r.action == RuleAction::kAsk && mode_ != PermissionMode::kBypass)))
      out.push_back(r.pattern.value_or("**"));
  return out;
}

}  // namespace pair
