#include "mcp/tool_budget.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

#include "util/json_parse.h"
#include "util/strings.h"
#include "util/token_count.h"

namespace pair::mcp {
using nlohmann::json;

int64_t estimate_tool_tokens(const ToolSpec& spec) {
  json params = parse_json(spec.parameters_schema, "parameter schema").value_or(json::object());
  json entry = {{"type", "function"},
                {"function", {{"name", spec.name}, {"description", spec.description}, {"parameters", params}}}};
  auto bytes = static_cast<int64_t>(dump_json(entry).size());
  return (bytes + kSchemaBytesPerToken - 1) / kSchemaBytesPerToken;
}

namespace {

int64_t total_tokens(const std::vector<OfferedTool>& tools) {
  int64_t n = 0;
  for (const auto& t : tools) n += estimate_tool_tokens(t.spec);
  return n;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::vector<std::string> q;
  for (const auto& n : names) q.push_back("\"" + n + "\"");
  return join(q, ", ");
}

/// Up to five of `tools`, in name order, that fit the budget together: an
/// example allow-list for the message.
std::vector<std::string> example_pick(const std::vector<OfferedTool>& tools, int64_t budget) {
  std::vector<std::string> pick;
  int64_t used = 0;
  for (const auto& t : tools) {
    int64_t cost = estimate_tool_tokens(t.spec);
    if (used + cost > budget) continue;
    used += cost;
    pick.push_back(t.server_tool);
    if (pick.size() == 5) break;
  }
  return pick;
}

}  // namespace

BudgetDecision apply_tool_budget(const ServerConfig& server, std::vector<OfferedTool> tools, int64_t budget_tokens) {
  BudgetDecision d;
  d.all_tokens = total_tokens(tools);
  std::string where = "server \"" + server.name + "\"";
  if (server.tools) {
    std::set<std::string> listed(server.tools->begin(), server.tools->end());
    std::vector<std::string> missing;
    for (const auto& name : *server.tools)
      if (std::none_of(tools.begin(), tools.end(), [&](const OfferedTool& t) { return t.server_tool == name; }))
        missing.push_back(name);
    std::erase_if(tools, [&](const OfferedTool& t) { return !listed.contains(t.server_tool); });
    if (!missing.empty())
      d.message = where + ": \"tools\" in " + server.source + " names " + plural(missing.size(), "tool", "tools") +
                  " it does not have: " + quoted_list(missing) + "; `/mcp` lists the tools it has";
    d.offered = std::move(tools);
    d.offered_tokens = total_tokens(d.offered);
    return d;
  }
  if (budget_tokens <= 0 || d.all_tokens <= budget_tokens) {
    d.offered = std::move(tools);
    d.offered_tokens = d.all_tokens;
    return d;
  }
  std::string example = quoted_list(example_pick(tools, budget_tokens));
  d.message = where + ": its " + plural(tools.size(), "tool costs", "tools cost") + " about " +
              format_tokens(d.all_tokens) + " tokens, over the " + format_tokens(budget_tokens) +
              "-token budget (/mcp/tool_budget_tokens in settings.json), so none is offered; choose some with "
              "\"tools\": [" +
              example + "] in " + server.source;
  return d;
}

}  // namespace pair::mcp
