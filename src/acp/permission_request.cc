#include "acp/permission_request.h"

#include <nlohmann/json.hpp>

#include <string>

#include "util/json_parse.h"

namespace pair::acp {
using nlohmann::json;

json permission_options() {
  return json::array({
      {{"optionId", "allow_once"}, {"name", "Allow"}, {"kind", "allow_once"}},
      {{"optionId", "allow_always"}, {"name", "Always allow"}, {"kind", "allow_always"}},
      {{"optionId", "reject_once"}, {"name", "Reject"}, {"kind", "reject_once"}},
      {{"optionId", "reject_always"}, {"name", "Always reject (this session)"}, {"kind", "reject_always"}},
  });
}

json permission_params(std::string_view session_id, const json& tool_call) {
  return json{{"sessionId", std::string(session_id)}, {"toolCall", tool_call}, {"options", permission_options()}};
}

PermissionChoice permission_choice(const json& result) {
  const json& outcome = json_member(result, "outcome");
  std::string kind = json_string_or(outcome, "outcome");
  if (kind == "cancelled") return PermissionChoice::kCancelled;
  if (kind != "selected") return PermissionChoice::kRejectOnce;
  std::string id = json_string_or(outcome, "optionId");
  if (id == "allow_once") return PermissionChoice::kAllowOnce;
  if (id == "allow_always") return PermissionChoice::kAllowAlways;
  if (id == "reject_always") return PermissionChoice::kRejectAlways;
  return PermissionChoice::kRejectOnce;
}

}  // namespace pair::acp
