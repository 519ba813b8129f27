#pragma once
/// Messages as JSON for session files (our own format, not any wire format).

#include <nlohmann/json_fwd.hpp>

#include "protocol/message.h"
#include "util/error.h"

namespace pair {

nlohmann::json message_to_json(const Message& m);
/// Errors (kParse) say which field is wrong.
Result<Message> message_from_json(const nlohmann::json& j);

}  // namespace pair
