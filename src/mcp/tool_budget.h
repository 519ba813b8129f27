#pragma once
/// The share of the prompt one MCP server's tools may take. Every tool's
/// schema is sent with every request; a server with dozens of tools would
/// crowd out a local model's window and slow its first answer, so a server
/// whose tools cost more than a budget (/mcp/tool_budget_tokens, default
/// 2,000) is not offered unless the user picks its tools with an allow-list.
///
/// The rule: with `"tools": [...]` the listed tools are offered whatever they
/// cost (the user chose them); without, all the server's tools are offered
/// when they fit the budget, and none when they do not, with a message that
/// names the cost and suggests an allow-list. Offering an arbitrary part
/// instead would hide tools without the user knowing which. Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "mcp/mcp_types.h"
#include "mcp/tool_names.h"
#include "protocol/tool_spec.h"

namespace pair::mcp {

/// Bytes of tool schema JSON per token, on the side of more tokens: the
/// Qwen2 tokenizer measured 4.7 on pair's own tools (bench/RESULTS.md, prompt
/// budget: 2,560 bytes, 541 tokens).
inline constexpr int64_t kSchemaBytesPerToken = 4;

/// About how many tokens `spec` adds to a request: the size of the tool entry
/// as a chat request carries it ({"type": "function", "function": {name,
/// description, parameters}}), divided by kSchemaBytesPerToken, rounded up.
int64_t estimate_tool_tokens(const ToolSpec& spec);

/// What one server offers the model.
struct BudgetDecision {
  std::vector<OfferedTool> offered;
  int64_t offered_tokens = 0;  ///< estimated cost of `offered`
  int64_t all_tokens = 0;      ///< estimated cost of every tool the server has
  /// For the user, empty when there is nothing to say: over the budget, or
  /// an allow-list naming tools the server does not have.
  std::string message;
};

/// Applies `server`'s allow-list and the budget (0: no limit) to its tools.
BudgetDecision apply_tool_budget(const ServerConfig& server, std::vector<OfferedTool> tools, int64_t budget_tokens);

}  // namespace pair::mcp
