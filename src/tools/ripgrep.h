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

}  // namespace pair
