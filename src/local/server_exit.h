#pragma once
/// Why a model server that pair manages stopped, in words a user can act on,
/// read from the end of its log (servers/port-N.log): "out of memory while
/// loading", "could not load the model: …", or, when the log says nothing
/// (SIGKILL, the OOM killer), that it gave no reason.

#include <string>
#include <string_view>

#include "local/server_state.h"

namespace pair {

/// The cause read from the end of a server's log text.
std::string server_exit_cause(std::string_view log_text);

/// "llama-server for tiny (pid 123) exited: out of memory while loading; see
/// `pair server logs tiny`": for a server that was running and is gone.
std::string server_exit_notice(const ServerRecord& record);

}  // namespace pair
