#include "mcp/wire.h"

#include <nlohmann/json.hpp>

#include <set>

#include "util/byte_size.h"
#include "util/json_parse.h"

namespace pair::mcp {
namespace {

using nlohmann::json;

/// Bytes that `base64` decodes to, for describing data pair does not pass on.
size_t decoded_size(const std::string& base64) {
  size_t pad = 0;
  for (auto it = base64.rbegin(); it != base64.rend() && *it == '='; ++it) ++pad;
  return base64.size() / 4 * 3 - std::min(pad, base64.size() / 4 * 3);
}

ContentPart described(std::string text) {
  ContentPart p;
  p.kind = ContentPart::Kind::kOther;
  p.text = std::move(text);
  return p;
}

/// "image/png, 1.2 KiB": the kind and size of base64 data.
std::string data_summary(const std::string& mime, const std::string& data) {
  std::string s = mime.empty() ? "unknown type" : mime;
  return s + ", " + format_bytes(decoded_size(data));
}

ContentPart read_resource(const json& item) {
  const json& res = json_member(item, "resource");
  std::string uri = json_string_or(res, "uri", "(no uri)");
  std::string mime = json_string_or(res, "mimeType");
  if (json_member(res, "text").is_string())
    return described("[resource " + uri + (mime.empty() ? "" : " (" + mime + ")") + "]\n" +
                     json_string_or(res, "text"));
  return described("[resource " + uri + ": binary data, " + data_summary(mime, json_string_or(res, "blob")) +
                   ", not shown]");
}

ContentPart read_part(const json& item) {
  std::string type = json_string_or(item, "type");
  if (type == "text") {
    ContentPart p;
    p.text = json_string_or(item, "text");
    return p;
  }
  std::string mime = json_string_or(item, "mimeType");
  std::string data = json_string_or(item, "data");
  if (type == "image" && !data.empty() && !mime.empty()) {
    ContentPart p;
    p.kind = ContentPart::Kind::kImage;
    p.mime_type = std::move(mime);
    p.data = std::move(data);
    return p;
  }
  if (type == "image") return described("[an image without data or type, not shown]");
  if (type == "audio") return described("[audio: " + data_summary(mime, data) + ", not shown]");
  if (type == "resource") return read_resource(item);
  if (type == "resource_link") {
    std::string text = "[resource link: " + json_string_or(item, "name") + " " + json_string_or(item, "uri");
    if (!mime.empty()) text += " (" + mime + ")";
    if (std::string d = json_string_or(item, "description"); !d.empty()) text += ": " + d;
    return described(text + "]");
  }
  if (!item.is_object()) return described("[a content item that is not an object, not shown]");
  return described("[content of type \"" + type + "\", which pair does not show]");
}

}  // namespace

void read_tools_page(const json& result, const std::string& server, std::vector<ServerTool>& tools,
                     std::vector<std::string>& warnings) {
  std::set<std::string> seen;
  for (const auto& t : tools) seen.insert(t.name);
  for (const json& item : json_array_member(result, "tools")) {
    ServerTool tool;
    tool.name = json_string_or(item, "name");
    if (tool.name.empty()) {
      warnings.push_back("MCP server " + server + ": a tool without a name was skipped");
      continue;
    }
    const json& schema = json_member(item, "inputSchema");
    if (!schema.is_object()) {
      warnings.push_back("MCP server " + server + ": tool \"" + tool.name +
                         "\" was skipped: its inputSchema is not a JSON object");
      continue;
    }
    if (!seen.insert(tool.name).second) {
      warnings.push_back("MCP server " + server + ": tool \"" + tool.name + "\" is listed twice; the first is kept");
      continue;
    }
    tool.description = json_string_or(item, "description");
    tool.input_schema = dump_json(schema);
    tools.push_back(std::move(tool));
  }
}

CallResult read_call_result(const json& result) {
  CallResult r;
  r.is_error = json_bool_or(result, "isError", false);
  for (const json& item : json_array_member(result, "content")) r.content.push_back(read_part(item));
  const json& structured = json_member(result, "structuredContent");
  if (r.content.empty() && !structured.is_null()) {
    ContentPart p;
    p.text = dump_json(structured);
    r.content.push_back(std::move(p));
  }
  return r;
}

}  // namespace pair::mcp
