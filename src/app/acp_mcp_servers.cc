#include "app/acp_mcp_servers.h"

#include <nlohmann/json.hpp>

#include <string>

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

}  // namespace

Result<std::vector<mcp::ServerConfig>> acp_mcp_servers(const json& servers) {
  std::vector<mcp::ServerConfig> out;
  if (servers.is_null()) return out;
  if (!servers.is_array()) return fail(ErrorCode::kInvalidArgument, "\"mcpServers\" must be an array");
  size_t index = 0;
  for (const json& s : servers) {
    std::string where = "mcpServers[" + std::to_string(index++) + "]";
    mcp::ServerConfig c;
    c.name = json_string_or(s, "name");
    if (c.name.empty()) return fail(ErrorCode::kInvalidArgument, where + " has no \"name\"");
    where += " (" + c.name + ")";
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
