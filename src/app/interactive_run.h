#pragma once
/// `pair` in a terminal: the interactive UI (src/tui) over an Engine.

#include "app/cli.h"

namespace pair {

/// Returns the process exit code.
int run_interactive(const CliOptions& options);

}  // namespace pair
