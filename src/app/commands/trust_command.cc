// `pair trust`: the user's decision about a project's own pair files (config/project_trust.h).
#include <cstdio>

#include "app/cli.h"
#include "app/commands/local_cli.h"
#include "app/project_trust_gate.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

int list_trusted() {
  auto records = load_trust_records();
  if (!records) return report_error(records.error());
  size_t shown = 0;
  for (const auto& r : *records) {
    if (r.fingerprint.empty()) continue;
    bool current = project_fingerprint(r.workspace) == r.fingerprint;
    std::printf("%s  (since %s%s)\n", r.workspace.c_str(), r.trusted_at.c_str(),
                current ? "" : "; its files changed since, so they are not applied");
    ++shown;
  }
  if (shown == 0) std::printf("No trusted projects.\n");
  return kExitOk;
}

}  // namespace

int run_trust_command(const CliOptions& o) {
  if (o.local.list) return list_trusted();
  fs::path workspace = command_workspace(o);
  if (o.local.revoke) {
    auto revoked = revoke_project(workspace);
    if (!revoked) return report_error(revoked.error());
    std::printf(*revoked ? "No longer trusted: %s\n" : "%s was not trusted.\n", workspace.c_str());
    return kExitOk;
  }
  auto summary = summarize_project_trust(workspace);
  if (!summary) return report_error(summary.error());
  if (summary->trust.state == TrustState::kNoFiles) {
    std::printf("Nothing to trust: %s has none of %s.\n", workspace.c_str(),
                join(project_config_names(), ", ").c_str());
    return kExitOk;
  }
  auto trusted = trust_project(workspace);
  if (!trusted) return report_error(trusted.error());
  std::printf("Trusted %s.\n", workspace.c_str());
  if (summary->wants.empty()) {
    std::printf("Its pair files hold only preferences, which applied already.\n");
  } else {
    std::printf("Its pair files now apply in full:\n");
    for (const auto& w : summary->wants) std::printf("  - %s\n", w.c_str());
  }
  std::printf("pair asks again if %s change. `pair trust --revoke` undoes this.\n",
              join(project_config_names(), ", ").c_str());
  return kExitOk;
}

}  // namespace pair
