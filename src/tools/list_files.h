#pragma once
/// list_files {path?, depth?}: the files and directories under `path`
/// (default: the workspace) down to `depth` levels (default 3), one per line,
/// relative to `path`, sorted, directories ending in "/". Follows .gitignore
/// and other ignore files (also outside git repositories), shows hidden files,
/// skips .git. Found with ripgrep, so a directory appears only when it holds
/// a file that is not ignored. Past limits.list_max_entries, the shallowest
/// entries are kept and a note says how many were left out and how to narrow.
/// A file path lists just that file. Errors: missing path, ripgrep not
/// installed (the message names the fix), cancellation.
/// read_file's ask and deny rules (ToolContext::read_access) hold here too: a
/// listing of a path they cover is refused (inspect: an ask rule too, since
/// this tool cannot ask); files they cover below it, checked by their real
/// path, are left out, with a note counting them.

#include "core/tool.h"

namespace pair {

class ListFilesTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
