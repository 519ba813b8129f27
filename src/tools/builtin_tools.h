#pragma once
/// The tools pair always offers.

#include "core/tool_registry.h"

namespace pair {

/// Adds read_file, write_file, edit_file, bash, list_files and search_files,
/// in that order (the order is part of the prompt the model sees; keep it).
void add_builtin_tools(ToolRegistry& registry);

}  // namespace pair
