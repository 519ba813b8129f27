#include "providers/openai_request.h"

#include <nlohmann/json.hpp>

#include <span>
#include <vector>

#include "util/json_parse.h"

namespace pair {
namespace {

using nlohmann::json;

json image_url_part(const ImageContent& img) {
  return {{"type", "image_url"}, {"image_url", {{"url", "data:" + img.mime_type + ";base64," + img.data_base64}}}};
}

/// Tool messages take text only in chat completions: the images of a run of
/// tool results follow it in one user message, each group named by its call.
/// Built from the stored messages alone, so every request repeats it byte for
/// byte. Null when no result of the run carries images.
json tool_images_message(std::span<const Message* const> run) {
  json parts = json::array();
  for (const Message* m : run) {
    if (m->images.empty()) continue;
    parts.push_back({{"type", "text"},
                     {"text", "Images from tool call " + m->tool_call_id + " (" + m->tool_name +
                                  "), in the order its result marks them:"}});
    for (const auto& img : m->images) parts.push_back(image_url_part(img));
  }
  if (parts.empty()) return nullptr;
  return {{"role", "user"}, {"content", std::move(parts)}};
}

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
        for (const auto& img : m.images) parts.push_back(image_url_part(img));
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
  std::vector<const Message*> tool_run;  // consecutive tool messages, for their images
  auto end_tool_run = [&] {
    if (json images = tool_images_message(tool_run); !images.is_null()) messages.push_back(std::move(images));
    tool_run.clear();
  };
  for (const auto& m : request.messages) {
    if (m.role != Role::kTool) end_tool_run();
    messages.push_back(message_json(m, options.send_reasoning));
    if (m.role == Role::kTool) tool_run.push_back(&m);
  }
  end_tool_run();
  body["messages"] = std::move(messages);
  if (!request.tools.empty()) {
    body["tools"] = tools_json(request.tools);
    // llama-server parses several calls in one answer only when this field says so; without
    // it, the server guesses from the chat template. Only llama-server: OpenAI's reasoning
    // models (o1, o3, o4-mini) reject the field, and vLLM and OpenAI default to true anyway.
    if (options.llama_cpp_extensions) body["parallel_tool_calls"] = true;
  }
  body["stream"] = true;
  body["stream_options"] = {{"include_usage", true}};
  if (request.options.temperature) body["temperature"] = *request.options.temperature;
  if (request.options.top_p) body["top_p"] = *request.options.top_p;
  if (request.options.max_tokens) body["max_tokens"] = *request.options.max_tokens;
  // Every OpenAI-style server takes the effort (llama-server, vLLM, OpenAI); only llama-server a budget.
  const ReasoningOptions& reasoning = request.options.reasoning;
  if (!reasoning.effort.empty()) body["reasoning_effort"] = reasoning.effort;
  if (options.llama_cpp_extensions) {
    if (reasoning.budget) body["reasoning_budget_tokens"] = *reasoning.budget;
    body["cache_prompt"] = true;
    body["return_progress"] = true;  // progress chunks during prefill: proof of life
    if (options.id_slot >= 0) body["id_slot"] = options.id_slot;
  }
  if (options.ollama_num_ctx > 0) body["options"] = {{"num_ctx", options.ollama_num_ctx}};
  // Invalid UTF-8 (a binary file's bytes in a tool result) becomes U+FFFD.
  return dump_json(body);
}

}  // namespace pair
