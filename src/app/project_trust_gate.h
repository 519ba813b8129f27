#pragma once
/// The trust boundary as front-ends meet it: what an untrusted project's
/// files would change (settings and models.json entries that were withheld),
/// the notice a headless run prints about it, and the question an
/// interactive start asks once per version of those files.

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "config/project_trust.h"
#include "util/error.h"

namespace pair {

struct ProjectTrustSummary {
  std::filesystem::path workspace;
  ProjectTrust trust;
  /// What trusting the project would apply, each "FILE[:LINE]: what it does",
  /// the file relative to the workspace. Empty: the files only hold
  /// preferences (or there are none), and trust changes nothing.
  std::vector<std::string> wants;
};

/// Reads the project's files as an untrusted project's. Errors: a file that
/// does not parse (the same error a run would give).
Result<ProjectTrustSummary> summarize_project_trust(const std::filesystem::path& workspace);

/// Lines for stderr when an untrusted project's parts were ignored (empty
/// when trusted or nothing was withheld): what was ignored and how to trust.
std::vector<std::string> untrusted_project_notice(const ProjectTrustSummary& summary);

/// Asks on the terminal whether to trust the project, when it is untrusted,
/// its files want more than preferences, and the user has not already said
/// no to these very files. Records the answer (yes: trusted; no: not asked
/// again until the files change). End of input counts as no, unrecorded.
Result<void> ask_project_trust(std::FILE* in, std::FILE* out, const ProjectTrustSummary& summary);

}  // namespace pair
