#pragma once
/// What pair says as it exits while a model server it manages keeps running
/// (the server outlives pair on purpose: the next pair finds it warm). The
/// memory it holds is named so that nobody is surprised by a machine that
/// stays full, with the command that frees it. Pure.

#include <string>

#include "local/server_manager.h"

namespace pair {

/// "llama-server for "tiny" is still running on port 8004 (pid 42, holding
/// 1.2 GiB of memory); `pair server stop tiny` frees it". The memory part
/// is left out when unknown (rss_bytes 0).
std::string left_running_notice(const ServerStatus& status);

}  // namespace pair
