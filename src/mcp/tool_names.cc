#include "mcp/tool_names.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>

#include "mcp/tool_schema.h"
#include "util/fnv1a.h"
#include "util/strings.h"

namespace pair::mcp {

std::string sanitize_name_part(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) c = '_';
  return out;
}

std::string tool_name_prefix(std::string_view server) {
  return "mcp__" + sanitize_name_part(server) + "__";
}

namespace {

std::string truncated(std::string s, size_t n) {
  if (s.size() > n) s.resize(n);
  return s;
}

/// `base` cut to leave room for '_' and 6 hex digits of the tool's own name.
std::string hashed(const std::string& base, const std::string& tool) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "%06x", static_cast<unsigned>(fnv1a_32(tool) & 0xffffff));
  return truncated(base, kMaxToolName - 7) + "_" + hex;
}

}  // namespace

OfferedTools offer_server_tools(std::string_view server, const std::vector<ServerTool>& tools) {
  OfferedTools out;
  std::string prefix = tool_name_prefix(server);
  // Candidates grouped by the name they would get; sorted by the server's names for determinism.
  std::vector<const ServerTool*> sorted;
  for (const auto& t : tools) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(), [](const ServerTool* a, const ServerTool* b) { return a->name < b->name; });
  std::map<std::string, std::vector<OfferedTool>> by_name;
  for (const ServerTool* t : sorted) {
    std::string where = "server \"" + std::string(server) + "\": tool \"" + t->name + "\": ";
    if (t->name.empty()) {
      out.problems.push_back("server \"" + std::string(server) + "\": a tool without a name, left out");
      continue;
    }
    auto schema = trim_input_schema(t->input_schema);
    if (!schema) {
      out.problems.push_back(where + schema.error().message + ", left out");
      continue;
    }
    OfferedTool o;
    o.server = std::string(server);
    o.server_tool = t->name;
    o.spec.name = truncated(prefix + sanitize_name_part(t->name), kMaxToolName);
    o.spec.description = std::string(trim(t->description));
    o.spec.parameters_schema = std::move(*schema);
    by_name[o.spec.name].push_back(std::move(o));
  }
  // Every plain name is reserved, so a hashed name never takes one.
  std::set<std::string> taken;
  for (const auto& [name, group] : by_name) taken.insert(name);
  for (auto& [name, group] : by_name) {
    if (group.size() == 1) {
      out.tools.push_back(std::move(group.front()));
      continue;
    }
    // The one tool whose name is its own keeps the plain name.
    auto exact = std::find_if(group.begin(), group.end(),
                              [&](const OfferedTool& o) { return prefix + o.server_tool == o.spec.name; });
    for (auto it = group.begin(); it != group.end(); ++it) {
      if (it != exact) {
        std::string candidate = hashed(name, it->server_tool);
        for (int n = 2; taken.contains(candidate); ++n)
          candidate = truncated(hashed(name, it->server_tool), kMaxToolName - 4) + "_" + std::to_string(n);
        it->spec.name = candidate;
      }
      taken.insert(it->spec.name);
      out.tools.push_back(std::move(*it));
    }
  }
  std::sort(out.tools.begin(), out.tools.end(),
            [](const OfferedTool& a, const OfferedTool& b) { return a.spec.name < b.spec.name; });
  return out;
}

}  // namespace pair::mcp
