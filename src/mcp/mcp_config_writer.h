#pragma once
/// Changes to an MCP configuration file (`pair mcp add|remove`). Each write
/// is atomic and keeps every other key of the file, in its order.
/// Thread affinity: none; two processes writing the same file at once may
/// lose one change (as with any settings file).

#include <filesystem>
#include <string_view>

#include "mcp/mcp_types.h"
#include "util/atomic_file.h"
#include "util/error.h"

namespace pair::mcp {

/// Adds `server` under `mcpServers` of `file` (created when missing) as
/// Claude Code writes it: {"type": "stdio", "command", "args", "env"} or
/// {"type": "http", "url", "headers"}; values are written as given (a
/// `${VAR}` stays one). Errors: kInvalidArgument when the name is taken
/// ("already in FILE; `pair mcp remove NAME` first"), kConfig when the file
/// is not valid JSON or its `mcpServers` is not an object (fix it first),
/// kIo when it cannot be written.
Result<void> add_server(const std::filesystem::path& file, const ServerConfig& server, FileAccess access);

/// Removes the server `name` from `file`. Returns false when the file or the
/// server is not there (nothing written). Errors as add_server.
Result<bool> remove_server(const std::filesystem::path& file, std::string_view name, FileAccess access);

}  // namespace pair::mcp
