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
/// read_file's ask and deny rules (ToolContext::read_access) hold here too: a
/// search of a path they cover is refused (inspect: an ask rule too, since
/// this tool cannot ask); files they cover below it are not searched (rg
/// exclusions) and any match from one is dropped after checking its real
/// path, with a note counting the files left out.

#include "core/tool.h"

namespace pair {

class SearchFilesTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
