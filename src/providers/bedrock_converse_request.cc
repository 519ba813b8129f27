#include "providers/bedrock_converse_request.h"

#include <nlohmann/json.hpp>

#include <cstdio>

#include "util/fnv1a.h"
#include "util/json_parse.h"

namespace pair {
namespace {

using nlohmann::json;

constexpr size_t kMaxIdLength = 64;

bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::string safe_identifier(std::string_view raw, std::string_view fallback) {
  if (raw.empty()) return std::string(fallback);
  bool ok = raw.size() <= kMaxIdLength;
  for (char c : raw) ok = ok && id_char(c);
  if (ok) return std::string(raw);
  uint32_t hash = fnv1a_32(raw);  // the rewrite must not collide for ids that differ only in a bad character
  std::string out;
  for (char c : raw.substr(0, kMaxIdLength - 9)) out += id_char(c) ? c : '_';
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "_%08x", hash);
  return out + suffix;
}

std::string image_format(std::string_view mime) {
  if (mime == "image/png") return "png";
  if (mime == "image/jpeg" || mime == "image/jpg") return "jpeg";
  if (mime == "image/gif") return "gif";
  if (mime == "image/webp") return "webp";
  return "";
}

/// An `image` block, or a text block saying why an image of a type Converse
/// does not take was left out.
json image_block(const ImageContent& img) {
  std::string format = image_format(img.mime_type);
  if (format.empty()) return {{"text", "[an image of type " + img.mime_type + " was left out: not supported]"}};
  return {{"image", {{"format", format}, {"source", {{"bytes", img.data_base64}}}}}};
}

/// Converse rejects text blocks that are empty or only whitespace ("blank").
bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

json tool_input(std::string_view arguments) {
  json input = parse_json(arguments, "tool-call arguments").value_or(json());
  if (input.is_object()) return input;
  if (arguments.empty()) return json::object();
  // Converse insists on an object; keep what the model wrote so its error result makes sense.
  return {{"invalid_json_arguments", std::string(arguments)}};
}

struct Turn {
  std::string role;
  json content = json::array();
};

class MessageMapper {
 public:
  explicit MessageMapper(bool with_tools) : with_tools_(with_tools) {}

  void add(const Message& m) {
    json blocks = json::array();
    switch (m.role) {
      case Role::kSystem: return;
      case Role::kUser:
        if (!blank(m.content)) blocks.push_back({{"text", m.content}});
        for (const auto& img : m.images) blocks.push_back(image_block(img));
        push("user", std::move(blocks));
        return;
      case Role::kAssistant:
        if (!blank(m.content)) blocks.push_back({{"text", m.content}});
        for (const auto& call : m.tool_calls) {
          if (with_tools_)
            blocks.push_back({{"toolUse",
                               {{"toolUseId", bedrock_tool_use_id(call.id)},
                                {"name", bedrock_tool_name(call.name)},
                                {"input", tool_input(call.arguments)}}}});
          else  // toolUse blocks need a toolConfig; without tools, say it in words
            blocks.push_back({{"text", "[called tool " + call.name + " with " + call.arguments + "]"}});
        }
        push("assistant", std::move(blocks));
        return;
      case Role::kTool: {
        std::string output = blank(m.content) ? "(no output)" : m.content;
        if (with_tools_) {
          json content = json::array({{{"text", output}}});
          for (const auto& img : m.images) content.push_back(image_block(img));
          json result = {{"toolUseId", bedrock_tool_use_id(m.tool_call_id)}, {"content", std::move(content)}};
          if (m.is_error) result["status"] = "error";
          blocks.push_back({{"toolResult", std::move(result)}});
        } else {
          blocks.push_back(
              {{"text", "[result of tool " + m.tool_name + (m.is_error ? " (failed)" : "") + "]\n" + output}});
          for (const auto& img : m.images) blocks.push_back(image_block(img));
        }
        push("user", std::move(blocks));
        return;
      }
    }
  }

  json messages() && {
    json out = json::array();
    for (auto& t : turns_) out.push_back({{"role", t.role}, {"content", std::move(t.content)}});
    return out;
  }

 private:
  /// Converse wants user and assistant to alternate: a message of the same
  /// role as the one before joins it; an empty one is left out.
  void push(const char* role, json blocks) {
    if (blocks.empty()) return;
    if (turns_.empty() || turns_.back().role != role) turns_.push_back({role, json::array()});
    for (auto& b : blocks) turns_.back().content.push_back(std::move(b));
  }

  bool with_tools_;
  std::vector<Turn> turns_;
};

}  // namespace

std::string bedrock_tool_use_id(std::string_view id) {
  return safe_identifier(id, "call");
}

std::string bedrock_tool_name(std::string_view name) {
  return safe_identifier(name, "tool");
}

std::string build_converse_request_body(const ChatRequest& request) {
  json body;
  json system = json::array();
  MessageMapper mapper(!request.tools.empty());
  for (const auto& m : request.messages) {
    if (m.role == Role::kSystem && !blank(m.content)) system.push_back({{"text", m.content}});
    mapper.add(m);
  }
  body["messages"] = std::move(mapper).messages();
  if (!system.empty()) body["system"] = std::move(system);
  if (!request.tools.empty()) {
    json tools = json::array();
    for (const auto& t : request.tools) {
      json schema = parse_json(t.parameters_schema, "parameter schema").value_or(json());
      if (!schema.is_object()) schema = {{"type", "object"}, {"properties", json::object()}};
      json spec = {{"name", bedrock_tool_name(t.name)}, {"inputSchema", {{"json", std::move(schema)}}}};
      if (!t.description.empty()) spec["description"] = t.description;
      tools.push_back({{"toolSpec", std::move(spec)}});
    }
    body["toolConfig"] = {{"tools", std::move(tools)}};
  }
  json inference = json::object();
  if (request.options.max_tokens) inference["maxTokens"] = *request.options.max_tokens;
  if (request.options.temperature) inference["temperature"] = *request.options.temperature;
  if (request.options.top_p) inference["topP"] = *request.options.top_p;
  if (!inference.empty()) body["inferenceConfig"] = std::move(inference);
  // Invalid UTF-8 (a binary file's bytes in a tool result) becomes U+FFFD.
  return dump_json(body);
}

}  // namespace pair
