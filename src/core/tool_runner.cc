#include "core/tool_runner.h"

#include <nlohmann/json.hpp>

#include "core/prepared_write.h"
#include "core/tool_arguments.h"
#include "util/json_parse.h"
#include "util/paths.h"
#include "util/strings.h"

namespace pair {

namespace {

/// Whether the text is a JSON object: only such arguments may stay in the
/// conversation (servers re-parse them when rendering the chat template).
bool is_json_object(std::string_view text) {
  auto j = parse_json(text, "arguments");
  return j && j->is_object();
}

}  // namespace

ToolRunner::ToolRunner(const ToolRegistry& tools, PermissionPolicy& permissions, ApprovalHandler& approvals,
                       const AgentEventHandler& on_event)
    : tools_(tools), permissions_(permissions), approvals_(approvals), on_event_(on_event) {}

PreparedCall ToolRunner::prepare(const ToolCall& call) const {
  PreparedCall p;
  p.call = call;
  p.tool = tools_.find(call.name);
  if (!p.tool) {
    if (!is_json_object(p.call.arguments)) p.call.arguments = "{}";
    p.early_result = {(call.name.empty() ? std::string("The tool call names no tool (no \"name\" in it).")
                                         : "Unknown tool \"" + call.name + "\".") +
                          " Available tools: " + tools_.names() + ".",
                      true};
    return p;
  }
  nlohmann::json schema = parse_json(p.tool->spec().parameters_schema, "parameter schema").value_or(nlohmann::json());
  auto args = parse_tool_arguments(call.name, call.arguments, schema);
  if (!args) {
    // The error result quotes what was sent; the conversation keeps valid JSON.
    if (!is_json_object(p.call.arguments)) p.call.arguments = "{}";
    p.early_result = {args.error().message, true};
    return p;
  }
  if (!args->repairs.empty()) {
    on_event_(agent_event::Notice{"repaired arguments of " + call.name + ": " + join(args->repairs, "; ")});
    p.call.arguments = args->normalized;
  }
  p.args = std::move(*args);
  return p;
}

ToolCallResult ToolRunner::execute(PreparedCall& p, const ToolContext& ctx) {
  if (p.early_result) return *p.early_result;
  Tool* tool = p.tool;
  const ToolCall& call = p.call;
  const nlohmann::json& value = *p.args.value;

  auto effect = tool->inspect(value, ctx);
  if (!effect) return {effect.error().message, true};

  PermissionCheck check = permissions_.check(call.name, *effect);
  if (check.verdict == PermissionVerdict::kDeny)
    return {"Not allowed: " + effect->summary + " (" + check.reason + ").", true};
  if (check.verdict == PermissionVerdict::kAsk) {
    std::string path = effect->paths.empty() ? "" : effect->paths.front().string();
    ApprovalRequest request{call.name, effect->summary, effect->detail, path};
    request.rule = permissions_.rule_for(call.name, *effect);
    if (effect->access == ToolAccess::kRead || effect->access == ToolAccess::kWrite)
      for (const auto& p : effect->paths) request.outside_workspace |= !is_within(permissions_.workspace(), p);
    if (effect->write) request.new_content = effect->write->content;
    request.stop = ctx.stop;
    ApprovalAnswer answer = approvals_.ask(request);
    switch (answer.decision) {
      case ApprovalDecision::kDeny: {
        std::string text = "The user did not allow this call (" + effect->summary + ")";
        text += answer.reason.empty() ? "." : ": " + answer.reason;
        return {text, true};
      }
      case ApprovalDecision::kAllowAlways:
        // This file, this exact command, or else the whole tool (rule_for).
        if (auto added =
                permissions_.allow_rule(request.rule, answer.saved_in.empty() ? "this session" : answer.saved_in);
            !added)
          on_event_(agent_event::Notice{"could not allow " + call.name + " from now on: " + added.error().message +
                                        "; this call runs once, and the next one asks again"});
        break;
      case ApprovalDecision::kAllowOnce: break;
    }
    if (answer.content) {
      if (ctx.stop.stop_requested()) return {"Cancelled by the user before it ran.", true};
      return write_reviewed(call, *effect, std::move(*answer.content), ctx);
    }
  }
  if (ctx.stop.stop_requested()) return {"Cancelled by the user before it ran.", true};
  bool asked = check.verdict == PermissionVerdict::kAsk;
  on_event_(agent_event::ToolStarted{call, effect->summary, effect->write && !asked ? effect->detail : ""});
  // What was shown for approval is what runs: a prepared write is applied as
  // prepared, never worked out again after the wait.
  ToolOutput out = effect->write ? apply_prepared_write(*effect->write, ctx) : tool->run(value, ctx);
  return {std::move(out.text), out.is_error, std::move(out.images)};
}

ToolCallResult ToolRunner::write_reviewed(const ToolCall& call, const ToolEffect& effect, std::string content,
                                          const ToolContext& ctx) {
  if (!effect.write)
    return {"The user edited the proposed change of " + call.name + " before accepting it, but pair cannot write " +
                "an edited version for this tool; nothing was changed.",
            true};
  PreparedWrite edited = *effect.write;
  edited.content = std::move(content);
  edited.done = (edited.base_sha256 ? "Overwrote " : "Created ") + edited.shown + " with the user's version.";
  on_event_(agent_event::ToolStarted{call, effect.summary + " (as edited by the user)"});
  ToolOutput out = apply_prepared_write(edited, ctx);
  if (out.is_error) return {std::move(out.text), true};
  return {out.text +
              " The user edited your proposed change before accepting it, so the file holds their version, not "
              "exactly yours: read it before changing it again.",
          false};
}

}  // namespace pair
