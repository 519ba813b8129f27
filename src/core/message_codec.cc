#include "core/message_codec.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

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
  if (!m.shown.empty()) j["shown"] = m.shown;
  if (!m.images.empty()) {
    json imgs = json::array();
    for (const auto& i : m.images) imgs.push_back({{"mime_type", i.mime_type}, {"data", i.data_base64}});
    j["images"] = std::move(imgs);
  }
  return j;
}

namespace {

enum class Presence { kOptional, kRequired };

/// The string member `key` of `j` ("" when optional and absent); any other
/// type is an error naming the field, so a damaged line is skipped, not guessed.
Result<std::string> text_field(const json& j, std::string_view key, Presence presence, std::string_view where) {
  const json& v = json_member(j, key);
  if (v.is_string()) return json_as_string(v);
  if (v.is_null() && !j.contains(key) && presence == Presence::kOptional) return std::string();
  return fail(ErrorCode::kParse, std::string(where) + " field \"" + std::string(key) + "\" is " +
                                     (j.contains(key) ? std::string(v.type_name()) : "missing") +
                                     ", expected a string");
}

/// The list member `key` of `j`: empty when absent, an error when not a list.
Result<const json*> list_field(const json& j, std::string_view key) {
  const json& v = json_member(j, key);
  if (v.is_array() || !j.contains(key)) return &json_array_member(j, key);
  return fail(ErrorCode::kParse,
              "message field \"" + std::string(key) + "\" is " + v.type_name() + ", expected a list");
}

}  // namespace

Result<Message> message_from_json(const json& j) {
  if (!j.is_object()) return fail(ErrorCode::kParse, std::string("a message is ") + j.type_name() + ", not an object");
  Message m;
  auto role = text_field(j, "role", Presence::kRequired, "message");
  if (!role) return std::unexpected(role.error());
  if (!parse_role(*role, &m.role)) return fail(ErrorCode::kParse, "unknown role \"" + *role + "\"");
  for (auto [key, out] : {std::pair{"content", &m.content},
                          {"reasoning", &m.reasoning},
                          {"tool_call_id", &m.tool_call_id},
                          {"tool_name", &m.tool_name},
                          {"shown", &m.shown}}) {
    auto v = text_field(j, key, Presence::kOptional, "message");
    if (!v) return std::unexpected(v.error());
    *out = std::move(*v);
  }
  const json& is_error = json_member(j, "is_error");
  if (!is_error.is_null() && !is_error.is_boolean())
    return fail(ErrorCode::kParse,
                std::string("message field \"is_error\" is ") + is_error.type_name() + ", expected true or false");
  m.is_error = json_as_bool(is_error, false);
  auto calls = list_field(j, "tool_calls");
  if (!calls) return std::unexpected(calls.error());
  for (const auto& c : **calls) {
    auto id = text_field(c, "id", Presence::kRequired, "tool call");
    auto name = text_field(c, "name", Presence::kRequired, "tool call");
    auto arguments = text_field(c, "arguments", Presence::kRequired, "tool call");
    for (const auto* r : {&id, &name, &arguments})
      if (!*r) return std::unexpected(r->error());
    m.tool_calls.push_back({std::move(*id), std::move(*name), std::move(*arguments)});
  }
  auto images = list_field(j, "images");
  if (!images) return std::unexpected(images.error());
  for (const auto& i : **images) {
    auto mime = text_field(i, "mime_type", Presence::kRequired, "image");
    auto data = text_field(i, "data", Presence::kRequired, "image");
    if (!mime) return std::unexpected(mime.error());
    if (!data) return std::unexpected(data.error());
    m.images.push_back({std::move(*mime), std::move(*data)});
  }
  return m;
}

}  // namespace pair
