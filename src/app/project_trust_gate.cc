#include "app/project_trust_gate.h"

#include "config/models_config.h"
#include "config/settings.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

Result<ProjectTrustSummary> summarize_project_trust(const fs::path& workspace) {
  ProjectTrustSummary s;
  s.workspace = workspace;
  s.trust = project_trust(workspace);
  if (s.trust.state == TrustState::kNoFiles) return s;
  auto settings = Settings::load(workspace, ProjectSettingsTrust::kPreferencesOnly);
  if (!settings) return std::unexpected(settings.error());
  std::string settings_file = display_path(workspace, settings->path(SettingsScope::kProject));
  for (const auto& w : settings->withheld()) s.wants.push_back(settings_file + ": " + w.description);
  auto models = load_models(workspace, /*project_trusted=*/false);
  if (!models) return std::unexpected(models.error());
  for (const auto& m : models->withheld)
    s.wants.push_back(display_path(workspace, m.source) + ":" + std::to_string(m.line) + ": model \"" + m.name +
                      "\" would " + join(m.effects, "; "));
  if (fs::exists(workspace / ".mcp.json"))
    s.wants.push_back(".mcp.json: MCP servers (programs pair would start for each session)");
  return s;
}

std::vector<std::string> untrusted_project_notice(const ProjectTrustSummary& s) {
  std::vector<std::string> lines;
  if (s.trust.trusted() || s.wants.empty()) return lines;
  if (s.trust.state == TrustState::kChanged)
    lines.push_back("this project's pair files changed since you trusted them (" + s.trust.trusted_at +
                    "), so only their preferences apply. Ignored:");
  else
    lines.push_back("this project is not trusted, so only the preferences in its pair files apply. Ignored:");
  for (const auto& w : s.wants) lines.push_back("  " + w);
  lines.push_back("If you trust this project's files, run `pair trust` in " + s.workspace.string() +
                  " (`pair trust --revoke` undoes it; `pair doctor` lists trusted projects).");
  return lines;
}

Result<void> ask_project_trust(std::FILE* in, std::FILE* out, const ProjectTrustSummary& s) {
  if (s.trust.trusted() || s.wants.empty() || s.trust.state == TrustState::kDeclined) return {};
  std::fprintf(out, "\n%s\n",
               s.trust.state == TrustState::kChanged
                   ? "This project's pair files changed since you trusted them. They would now:"
                   : "This project's pair files would change what pair may do here:");
  for (const auto& w : s.wants) std::fprintf(out, "  - %s\n", w.c_str());
  std::fprintf(out,
               "Anyone who contributed to this repository could have written them. Without trust, pair applies "
               "only their preferences.\nTrust this project and apply them? [y/N] ");
  std::fflush(out);
  std::string answer;
  int c;
  while ((c = std::fgetc(in)) != EOF && c != '\n') answer += static_cast<char>(c);
  if (c == EOF && answer.empty()) {
    std::fputc('\n', out);
    return {};
  }
  std::string a(trim(answer));
  if (a == "y" || a == "Y" || a == "yes") {
    auto trusted = trust_project(s.workspace);
    if (!trusted) return std::unexpected(trusted.error());
    std::fprintf(out, "Trusted. pair asks again if these files change (`pair trust --revoke` undoes it).\n\n");
    return {};
  }
  if (auto r = decline_project(s.workspace); !r) return r;
  std::fprintf(out, "Not trusted: only the preferences apply. `pair trust` applies the rest later.\n\n");
  return {};
}

}  // namespace pair
