#pragma once
/// read_file {path, offset?, limit?}: a text file's lines, numbered "N\ttext"
/// (1-based, no padding), from `offset` (default 1) for `limit` lines
/// (default limits.read_default_lines). The output stays under
/// limits.read_max_bytes; a line longer than limits.line_max_chars is cut and
/// marked. When lines remain, a last note says which offset continues.
/// CRLF shows as LF; invalid UTF-8 becomes U+FFFD.
/// Errors for the model: missing file (with similarly named files), directory
/// (use list_files), device/FIFO/socket, binary file (kind and size), offset
/// past the end, cancellation. The file is streamed: a huge file costs time
/// to count its lines, not memory.

#include "core/tool.h"

namespace pair {

class ReadFileTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
