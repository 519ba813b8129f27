#pragma once
/// The conversation's value types. A *message* is one entry of the
/// conversation; an assistant message may carry *tool calls*, each answered by
/// exactly one tool message with the same id.

#include <string>
#include <string_view>
#include <vector>

namespace pair {

enum class Role { kSystem, kUser, kAssistant, kTool };

std::string_view role_name(Role role);
/// Inverse of role_name; false for an unknown name.
bool parse_role(std::string_view name, Role* role);

/// An image attached to a user message or a tool result (or sent to a vision
/// model).
struct ImageContent {
  std::string mime_type;    ///< image/png, image/jpeg, image/gif, image/webp
  std::string data_base64;  ///< the bytes, base64-encoded
};

/// A request from the model to run a tool.
struct ToolCall {
  std::string id;  ///< the provider's id, or one pair made up
  std::string name;
  std::string arguments;  ///< a JSON object, as text; kept byte-stable for the prompt cache
};

struct Message {
  Role role = Role::kUser;
  std::string content;               ///< text; empty allowed for assistant messages with calls
  std::string reasoning;             ///< assistant only: the model's thinking, kept apart
  std::vector<ToolCall> tool_calls;  ///< assistant only
  std::string tool_call_id;          ///< tool only: which call this answers
  std::string tool_name;             ///< tool only: the name of that call's tool
  bool is_error = false;             ///< tool only: the call failed or was refused
  /// User and tool: images the message carries, for models that take them. A
  /// tool message's text marks where each was ("[image 1: ...]").
  std::vector<ImageContent> images;
  /// User only: the message as the user saw it when typing it (a paste as its
  /// "[Pasted …]" label, without attached files, notes or context pair added),
  /// when that differs from `content`; a replayed session shows this. Never sent.
  std::string shown;

  static Message system(std::string text);
  static Message user(std::string text);
  static Message tool_result(const ToolCall& call, std::string output, bool is_error);
};

}  // namespace pair
