#include "protocol/message.h"

namespace pair {

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kSystem: return "system";
    case Role::kUser: return "user";
    case Role::kAssistant: return "assistant";
    case Role::kTool: return "tool";
  }
  return "user";
}

bool parse_role(std::string_view name, Role* role) {
  for (Role r : {Role::kSystem, Role::kUser, Role::kAssistant, Role::kTool}) {
    if (role_name(r) == name) {
      *role = r;
      return true;
    }
  }
  return false;
}

Message Message::system(std::string text) {
  Message m;
  m.role = Role::kSystem;
  m.content = std::move(text);
  return m;
}

Message Message::user(std::string text) {
  Message m;
  m.role = Role::kUser;
  m.content = std::move(text);
  return m;
}

Message Message::tool_result(const ToolCall& call, std::string output, bool is_error) {
  Message m;
  m.role = Role::kTool;
  m.tool_call_id = call.id;
  m.tool_name = call.name;
  m.content = std::move(output);
  m.is_error = is_error;
  return m;
}

}  // namespace pair
