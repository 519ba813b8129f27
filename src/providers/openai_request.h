#pragma once
/// Builds the JSON body of a chat-completions request. Deterministic: the same
/// conversation always gives the same bytes, and a conversation that grows
/// gives a body whose `messages` extend the previous one's byte for byte (the
/// server's prompt cache depends on it). Tool messages carry text only in
/// this API: the images of a run of consecutive tool results follow the run
/// as one user message of `image_url` parts, each tool call's images after a
/// text part naming the call.

#include <string>

#include "protocol/model_provider.h"

namespace pair {

struct OpenAIRequestOptions {
  std::string model_id;
  /// llama.cpp extras (`return_progress`, `cache_prompt`, and with tools
  /// `parallel_tool_calls`): only for servers that accept unknown fields
  /// (OpenAI itself rejects them).
  bool llama_cpp_extensions = false;
  /// Ollama's OpenAI endpoint truncates silently at its own default window
  /// unless told the size; 0 leaves it alone.
  int ollama_num_ctx = 0;
  /// llama-server slot to pin requests to (`id_slot`); -1: any.
  int id_slot = -1;
  /// Send the model's earlier reasoning back (`reasoning_content`): chat
  /// templates that keep it then render the same tokens the model produced.
  bool send_reasoning = true;
};

std::string build_chat_request_body(const ChatRequest& request, const OpenAIRequestOptions& options);

}  // namespace pair
