#pragma once
/// edit_file {path, old_string, new_string, replace_all?}: replaces exact
/// text in a file. old_string must occur exactly once, or replace_all must be
/// set. The file's line endings are kept: in a CRLF file, LF in the strings
/// means CRLF (and the other way round), so a file never ends up mixed.
/// An empty old_string creates a missing file (or fills an empty one).
/// Errors for the model, found by inspect already (before anyone approves):
/// old_string equal to new_string; not found (with the line of a match that
/// differs only in whitespace, or a note about read_file line numbers pasted
/// into old_string); found N times (with their lines); missing file; empty
/// old_string on a non-empty file; binary file. The write is atomic and keeps
/// the file's mode. The result gives the count of replacements and the lines
/// they span.

#include "core/tool.h"

namespace pair {

class EditFileTool final : public Tool {
 public:
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;
};

}  // namespace pair
