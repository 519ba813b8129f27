#include "providers/openai_request.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair {
namespace {

using nlohmann::json;

json message_json(const Message& m, bool send_reasoning) {
  json j;
  j["role"] = std::string(role_name(m.role));
  switch (m.role) {
    case Role::kSystem: j["content"] = m.content; break;
    case Role::kUser:
      if (m.images.empty()) {
        j["content"] = m.content;
      } else {
        json parts = json::array();
        if (!m.content.empty()) parts.push_back({{"type", "text"}, {"text", m.content}});
        for (const auto& img : m.images)
          parts.push_back({{"type", "image_url"},
                           {"image_url", {{"url", "data:" + img.mime_type + ";base64," + img.data_base64}}}});
        j["content"] = std::move(parts);
      }
      break;
    case Role::kAssistant:
      j["content"] = m.content.empty() && !m.tool_calls.empty() ? json(nullptr) : json(m.content);
      if (send_reasoning && !m.reasoning.empty()) j["reasoning_content"] = m.reasoning;
      if (!m.tool_calls.empty()) {
        json calls = json::array();
        for (const auto& c : m.tool_calls)
          calls.push_back(
              {{"id", c.id}, {"type", "function"}, {"function", {{"name", c.name}, {"arguments", c.arguments}}}});
        j["tool_calls"] = std::move(calls);
      }
      break;
    case Role::kTool:
      j["tool_call_id"] = m.tool_call_id;
      j["content"] = m.content;
      break;
  }
  return j;
}

json tools_json(std::span<const ToolSpec> tools) {
  json out = json::array();
  for (const auto& t : tools) {
    json params = parse_json(t.parameters_schema, "parameter schema").value_or(json::object());
    out.push_back({{"type", "function"},
                   {"function", {{"name", t.name}, {"description", t.description}, {"parameters", params}}}});
  }
  return out;
}

}  // namespace

std::string build_chat_request_body(const ChatRequest& request, const OpenAIRequestOptions& options) {
  json body;
  body["model"] = options.model_id;
  json messages = json::array();
  for (const auto& m : request.messages) messages.push_back(message_json(m, options.send_reasoning));
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) body["tools"] = tools_json(request.tools);
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  if (request.options.temperature) body["temperature"] = *request.options.temperature;
  if (request.options.top_p) body["top_p"] = *request.options.top_p;
  if (request.options.max_tokens) body["max_tokens"] = *request.options.max_tokens;
  if (options.llama_cpp_extensions) {
    body["cache_prompt"] = true;
    body["return_progress"] = true;  // progress chunks during prefill: proof of life
    if (options.id_slot >= 0) body["id_slot"] = options.id_slot;
  }
  if (options.ollama_num_ctx > 0) body["options"] = {{"num_ctx", options.ollama_num_ctx}};
  // Invalid UTF-8 (a binary file's bytes in a tool result) becomes U+FFFD.
  return dump_json(body);
}

}  // namespace pair
