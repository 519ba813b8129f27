#pragma once
/// write_file {path, content}: creates or replaces a whole file, atomically
/// (temporary file + rename: a failure leaves the old file and no temporary
/// behind). Missing parent directories are created; an existing file keeps
/// its mode; writing through a symlink replaces its target, not the link.
/// Refuses directories, devices, FIFOs and sockets. The result says whether
/// the file was created or overwritten, and its line count.
/// inspect: kWrite on the path (and a symlink's target), summary
/// "create a.txt (3 lines)" / "overwrite a.txt (+2 -1)", detail the unified
/// diff (all added for a new file).

#include "core/tool.h"

namespace pair {

class WriteFileTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
