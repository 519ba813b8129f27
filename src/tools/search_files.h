#pragma once
/// search_files {pattern, path?, glob?}: searches file contents for a regular
/// expression (Rust regex syntax, via ripgrep) under `path` (a directory or
/// file; default the workspace), optionally only in files matching `glob`.
/// Follows .gitignore (also outside git repositories), includes hidden files,
/// skips .git. Output: `path:line:text`, paths relative to the workspace,
/// sorted by path, long lines cut to a preview; at most
/// limits.search_max_matches lines, then a note with the total count.
/// No match is a normal result ("No matches for ..."). Errors: a bad regex or
/// glob (rg's message, and how to escape literal characters), missing path,
/// ripgrep not installed (the message names the fix), cancellation. A search
/// running past 30 s stops and returns what it found, saying so.

#include "core/tool.h"

namespace pair {

class SearchFilesTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
