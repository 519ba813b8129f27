#include "app/permission_setup.h"

#include <fmt/format.h>

#include "config/project_trust.h"
#include "tools/sandbox.h"
#include "util/paths.h"

namespace pair {

std::vector<PermissionRule> load_permission_rules(const Settings& settings, const std::filesystem::path& workspace,
                                                  const std::function<void(const std::string&)>& problem) {
  std::vector<PermissionRule> rules;
  auto add_user_project_rules = [&] {
    std::string source = user_project_rules_source();
    for (const auto& text : user_project_rules(workspace)) {
      auto rule = parse_permission_rule(text, RuleAction::kAllow, source);
      if (rule)
        rules.push_back(std::move(*rule));
      else
        problem(source + ": " + rule.error().message + " (rule ignored)");
    }
  };
  for (SettingsScope scope : {SettingsScope::kUser, SettingsScope::kProject}) {
    if (scope == SettingsScope::kProject) add_user_project_rules();
    std::string source = settings.path(scope).string();
    for (RuleAction action : {RuleAction::kAllow, RuleAction::kAsk, RuleAction::kDeny}) {
      std::string pointer = "/permissions/" + std::string(rule_action_name(action));
      for (const auto& text : settings.get_strings(pointer, scope)) {
        auto rule = parse_permission_rule(text, action, source);
        if (rule)
          rules.push_back(std::move(*rule));
        else
          problem(source + ": " + rule.error().message + " (rule ignored)");
      }
    }
  }
  return rules;
}

SandboxSettings load_sandbox_settings(const SettingsView::Sandbox& settings,
                                      const std::function<void(const std::string&)>& problem) {
  SandboxSettings sandbox;
  if (settings.enabled) {
    const SandboxProbe& probe = probe_sandbox();
    sandbox.enabled = probe.available;
    if (!probe.available) problem("commands run without a sandbox: " + probe.reason);
  }
  sandbox.network = settings.network;
  for (const auto& p : settings.writable) sandbox.writable.push_back(expand_home(p));
  return sandbox;
}

std::string describe_sandbox(const SettingsView::Sandbox& settings) {
  if (!settings.enabled) return "off (/sandbox/enabled is false): commands run with your permissions, unconfined";
  const SandboxProbe& probe = probe_sandbox();
  if (!probe.available)
    return "unavailable: " + probe.reason +
           "; commands run unconfined (they still ask unless a rule or the mode allows them)";
  SandboxSettings s = load_sandbox_settings(settings, [](const std::string&) {});
  std::string out = "bubblewrap: the workspace writable";
  for (const auto& p : s.writable) out += ", " + p.string();
  out += "; the rest read-only, a private /tmp, ";
  out += s.network ? "network allowed (/sandbox/network)" : "no network";
  return out;
}

std::vector<std::string> describe_rules(const std::vector<PermissionRule>& rules) {
  std::vector<std::string> lines;
  for (RuleAction action : {RuleAction::kDeny, RuleAction::kAsk, RuleAction::kAllow})
    for (const auto& r : rules)
      if (r.action == action)
        lines.push_back(fmt::format("{:<5}  {}  ({})", rule_action_name(action), r.text(), r.source));
  return lines;
}

}  // namespace pair
