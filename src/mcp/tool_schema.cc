#include "mcp/tool_schema.h"

#include <nlohmann/json.hpp>

#include <set>

#include "util/json_parse.h"

namespace pair::mcp {
using nlohmann::json;

namespace {

/// Keywords whose value is a schema.
const std::set<std::string, std::less<>> kSchemaValued = {"items", "additionalProperties", "not"};
/// Keywords whose value is a list of schemas (`items` may be one too, in older drafts).
const std::set<std::string, std::less<>> kSchemaLists = {"anyOf", "oneOf", "allOf", "prefixItems", "items"};
/// Keywords whose value maps names to schemas.
const std::set<std::string, std::less<>> kSchemaMaps = {"properties", "$defs", "definitions"};
/// Keywords kept as they are.
const std::set<std::string, std::less<>> kPlain = {
    "type",     "required", "enum",        "const",   "description",      "default",
    "format",   "pattern",  "minimum",     "maximum", "minLength",        "maxLength",
    "minItems", "maxItems", "uniqueItems", "$ref",    "exclusiveMinimum", "exclusiveMaximum"};

json trim(const json& schema, int depth);

json trim_map(const json& map, int depth) {
  json out = json::object();
  for (const auto& [name, s] : map.items()) out[name] = trim(s, depth + 1);
  return out;
}

/// `schema` without the keywords a model does not need. Booleans (true/false
/// schemas) and other non-objects pass unchanged.
json trim(const json& schema, int depth) {
  if (!schema.is_object() || depth > kMaxJsonDepth) return schema;
  json out = json::object();
  for (auto it = schema.begin(); it != schema.end(); ++it) {
    const std::string& key = it.key();
    const json& v = *it;
    if (kPlain.contains(key)) {
      out[key] = v;
    } else if (kSchemaMaps.contains(key) && v.is_object()) {
      out[key] = trim_map(v, depth);
    } else if (kSchemaLists.contains(key) && v.is_array()) {
      json list = json::array();
      for (const auto& s : v) list.push_back(trim(s, depth + 1));
      out[key] = std::move(list);
    } else if (kSchemaValued.contains(key)) {
      out[key] = trim(v, depth + 1);
    }
  }
  return out;
}

}  // namespace

Result<std::string> trim_input_schema(std::string_view schema_json) {
  auto parsed = parse_json(schema_json, "the input schema", ErrorCode::kProtocol);
  if (!parsed) return std::unexpected(parsed.error());
  if (!parsed->is_object()) return fail(ErrorCode::kProtocol, "the input schema is not an object");
  // nlohmann::json keeps object keys in a sorted map, so dumping it is canonical.
  return dump_json(trim(*parsed, 0));
}

}  // namespace pair::mcp
