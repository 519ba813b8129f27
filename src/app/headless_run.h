#pragma once
/// `pair -p`: one turn, no questions asked, output for scripts and CI.

#include "app/cli.h"

namespace pair {

/// Returns the process exit code.
int run_headless(const CliOptions& options, const std::string& prompt);

}  // namespace pair
