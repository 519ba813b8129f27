#include "core/message_codec.h"

#include <nlohmann/json.hpp>

namespace pair {
using nlohmann::json;

json message_to_json(const Message& m) {
  json j;
  j["role"] = std::string(role_name(m.role));
  j["content"] = m.content;
  if (!m.reasoning.empty()) j["reasoning"] = m.reasoning;
  if (!m.tool_calls.empty()) {
    json calls = json::array();
    for (const auto& c : m.tool_calls) calls.push_back({{"id", c.id}, {"name", c.name}, {"arguments", c.arguments}});
    j["tool_calls"] = std::move(calls);
  }
  if (m.role == Role::kTool) {
    j["tool_call_id"] = m.tool_call_id;
    j["tool_name"] = m.tool_name;
    if (m.is_error) j["is_error"] = true;
  }
  if (!m.images.empty()) {
    json imgs = json::array();
    for (const auto& i : m.images) imgs.push_back({{"mime_type", i.mime_type}, {"data", i.data_base64}});
    j["images"] = std::move(imgs);
  }
  return j;
}

Result<Message> message_from_json(const json& j) {
  try {
    Message m;
    if (!parse_role(j.at("role").get<std::string>(), &m.role))
      return fail(ErrorCode::kParse, "unknown role \"" + j.at("role").get<std::string>() + "\"");
    m.content = j.value("content", "");
    m.reasoning = j.value("reasoning", "");
    if (auto calls = j.find("tool_calls"); calls != j.end())
      for (const auto& c : *calls)
        m.tool_calls.push_back(
            {c.at("id").get<std::string>(), c.at("name").get<std::string>(), c.at("arguments").get<std::string>()});
    m.tool_call_id = j.value("tool_call_id", "");
    m.tool_name = j.value("tool_name", "");
    m.is_error = j.value("is_error", false);
    if (auto imgs = j.find("images"); imgs != j.end())
      for (const auto& i : *imgs)
        m.images.push_back({i.at("mime_type").get<std::string>(), i.at("data").get<std::string>()});
    return m;
  } catch (const json::exception& e) {
    return fail(ErrorCode::kParse, std::string("malformed message: ") + e.what());
  }
}

}  // namespace pair
