#include "app/acp_mcp_servers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

#include "mcp/mcp_config.h"
#include "util/json_parse.h"

namespace pair {
using nlohmann::json;

namespace {

/// [{name, value}] as a map; entries without a name are skipped.
std::map<std::string, std::string> name_values(const json& list) {
  std::map<std::string, std::string> out;
  if (!list.is_array()) return out;
  for (const json& item : list) {
    std::string name = json_string_or(item, "name");
    if (!name.empty()) out[name] = json_string_or(item, "value");
  }
  return out;
}

/// An editor's server name (free text: "My Server") as a valid pair server name (mcp_config.h):
/// other characters become '-', runs of '_' one '_', none at either end. Empty when nothing is left.
std::string server_name_from(std::string_view editor_name) {
  std::string out;
  for (char c : editor_name) {
    bool word = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (c == '_') {
      if (!out.empty() && out.back() != '_') out += '_';
    } else {
      out += word ? c : '-';
    }
  }
  while (out.ends_with('_')) out.pop_back();
  return out;
}

}  // namespace

Result<std::vector<mcp::ServerConfig>> acp_mcp_servers(const json& servers) {
  std::vector<mcp::ServerConfig> out;
  if (servers.is_null()) return out;
  if (!servers.is_array()) return fail(ErrorCode::kInvalidArgument, "\"mcpServers\" must be an array");
  size_t index = 0;
  for (const json& s : servers) {
    std::string where = "mcpServers[" + std::to_string(index++) + "]";
    mcp::ServerConfig c;
    std::string given = json_string_or(s, "name");
    if (given.empty()) return fail(ErrorCode::kInvalidArgument, where + " has no \"name\"");
    where += " (" + given + ")";
    // Tool names and permission rules (mcp__NAME) are built from it: it must not reach into another's.
    c.name = server_name_from(given);
    if (!mcp::valid_server_name(c.name))
      return fail(ErrorCode::kInvalidArgument, where + ": " + std::string(mcp::server_name_rule()));
    if (std::ranges::any_of(out, [&](const mcp::ServerConfig& o) { return o.name == c.name; }))
      return fail(ErrorCode::kInvalidArgument, where + ": another server of the list is also named " + c.name);
    c.source = "the editor (ACP session)";
    std::string type = json_string_or(s, "type", "stdio");
    if (type == "stdio") {
      c.transport = mcp::ServerConfig::Transport::kStdio;
      c.command = json_string_or(s, "command");
      if (c.command.empty()) return fail(ErrorCode::kInvalidArgument, where + " has no \"command\"");
      for (const json& a : json_array_member(s, "args")) c.args.push_back(json_as_string(a));
      c.env = name_values(json_member(s, "env"));
    } else if (type == "http") {
      c.transport = mcp::ServerConfig::Transport::kHttp;
      c.url = json_string_or(s, "url");
      if (c.url.empty()) return fail(ErrorCode::kInvalidArgument, where + " has no \"url\"");
      c.headers = name_values(json_member(s, "headers"));
    } else {
      return fail(ErrorCode::kInvalidArgument,
                  where + " uses transport \"" + type + "\": pair speaks stdio and http (see mcpCapabilities)");
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace pair
