#pragma once
/// Runs ripgrep (`rg`) for list_files and search_files, streaming its output
/// so that a huge result is parsed rather than stored.

#include <chrono>
#include <filesystem>
#include <functional>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "core/read_access.h"
#include "util/error.h"

namespace pair {

struct RipgrepOutcome {
  int exit_code = -1;  ///< 0 found something, 1 found nothing, 2 error (maybe with partial results)
  std::string errors;  ///< rg's stderr, capped
  bool timed_out = false;
  bool cancelled = false;
};

/// Runs `rg --no-config <args>` in `cwd` and hands each record of its stdout
/// (the text between `separator`s, without it) to `on_record`, on the calling
/// thread. Errors: rg is not installed (the message says how to install it),
/// or it could not be started.
Result<RipgrepOutcome> run_ripgrep(const std::vector<std::string>& args, const std::filesystem::path& cwd,
                                   char separator, const std::function<void(std::string_view)>& on_record,
                                   std::chrono::milliseconds timeout, std::stop_token stop);

/// rg's error output without the lines about files `filter` leaves out (rg
/// starts them with the path, as given relative to `cwd`).
std::string shown_ripgrep_errors(std::string_view errors, const ReadFilter& filter, const std::filesystem::path& cwd);

/// `--glob` arguments (`--glob`, `!GLOB`, ...) that keep rg, run in the
/// directory `root`, away from the files that path globs of permission rules
/// cover (`patterns` as in core/permission_rules.h: relative to `workspace`,
/// `~/` from home, absolute, or `**/x` anywhere). A directory a glob matches
/// is pruned with its contents (ReadFilter leaves those out too). Only an
/// optimisation: a pattern rg's glob syntax cannot carry safely (character
/// classes, escapes), or that covers nothing below `root`, gives nothing, and
/// every result is checked again by its real path.
std::vector<std::string> ripgrep_exclusions(const std::vector<std::string>& patterns, const std::filesystem::path& root,
                                            const std::filesystem::path& workspace);

}  // namespace pair
