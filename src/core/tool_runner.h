#pragma once
/// Runs one tool call from start to finish: look the tool up, validate (and
/// repair) its arguments, work out its effect, check permissions (asking the
/// front-end when needed), run it. Every call ends in exactly one result; a
/// problem at any step becomes an error result that tells the model what to
/// do differently.

#include <stop_token>
#include <string>

#include <optional>

#include "core/permissions.h"
#include "core/tool_arguments.h"
#include "core/tool_registry.h"
#include "protocol/agent_event.h"

namespace pair {

struct ToolCallResult {
  std::string output;
  bool is_error = false;
  std::vector<ImageContent> images = {};  ///< the tool's images (ToolOutput::images)
};

/// A call whose tool is found and whose arguments are valid, or that already
/// has its (error) result.
struct PreparedCall {
  ToolCall call;  ///< arguments repaired and normalized where needed
  Tool* tool = nullptr;
  ParsedArguments args;
  std::optional<ToolCallResult> early_result;
};

class ToolRunner {
 public:
  ToolRunner(const ToolRegistry& tools, PermissionPolicy& permissions, ApprovalHandler& approvals,
             const AgentEventHandler& on_event);

  /// Looks the tool up and validates the arguments. The returned call's
  /// arguments are always a JSON object, fit for the conversation (servers
  /// re-parse them when rendering the chat template).
  PreparedCall prepare(const ToolCall& call) const;
  /// Works out the effect, asks for permission where needed, runs the tool.
  /// A call whose effect carries a prepared write is applied exactly as
  /// prepared (core/prepared_write.h): if the file changed while the user was
  /// asked, nothing is written and the result tells the model to read it
  /// again. An approval answer that carries content (the user edited the
  /// proposal in an editor's diff) replaces the prepared content, with the
  /// same check, and the result tells the model so. An "always" answer whose
  /// rule cannot be added is reported (a Notice); the call still runs once.
  ToolCallResult execute(PreparedCall& prepared, const ToolContext& ctx);

 private:
  ToolCallResult write_reviewed(const ToolCall& call, const ToolEffect& effect, std::string content,
                                const ToolContext& ctx);

  const ToolRegistry& tools_;
  PermissionPolicy& permissions_;
  ApprovalHandler& approvals_;
  const AgentEventHandler& on_event_;
};

}  // namespace pair
