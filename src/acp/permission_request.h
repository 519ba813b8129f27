#pragma once
/// pair's approval question as ACP `session/request_permission`, and the
/// editor's answer back: allow once, allow always (the "always" rule pair's
/// other front-ends save), reject once, reject always (this session), or the
/// turn's cancellation. Pure functions.

#include <nlohmann/json_fwd.hpp>

#include <string_view>

namespace pair::acp {

enum class PermissionChoice { kAllowOnce, kAllowAlways, kRejectOnce, kRejectAlways, kCancelled };

/// The four options offered, each option's id being its kind.
nlohmann::json permission_options();

/// The request's params: the session, the tool call's fields
/// (acp/session_updates.h tool_call_fields) and the options.
nlohmann::json permission_params(std::string_view session_id, const nlohmann::json& tool_call);

/// The editor's answer (the request's result). Anything that is not one of
/// the options offered is a refusal (kRejectOnce): a question nobody
/// understood is not a yes.
PermissionChoice permission_choice(const nlohmann::json& result);

}  // namespace pair::acp
