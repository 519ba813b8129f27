#include "core/tool_arguments.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "util/json_parse.h"
#include "util/strings.h"

namespace pair {
using nlohmann::json;

ParsedArguments::ParsedArguments() : value(std::make_unique<json>(json::object())) {}
ParsedArguments::~ParsedArguments() = default;
ParsedArguments::ParsedArguments(ParsedArguments&&) noexcept = default;
ParsedArguments& ParsedArguments::operator=(ParsedArguments&&) noexcept = default;

namespace {

std::string shorten(std::string_view s, size_t max = 120) {
  if (s.size() <= max) return std::string(s);
  return std::string(s.substr(0, max)) + "...";
}

std::string type_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "integer";
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "value";
  }
}

std::vector<std::string> schema_types(const json& schema) {
  std::vector<std::string> types;
  auto it = schema.find("type");
  if (it == schema.end()) return types;
  if (it->is_string()) types.push_back(json_as_string(*it));
  if (it->is_array())
    for (const auto& t : *it)
      if (t.is_string()) types.push_back(json_as_string(t));
  return types;
}

bool matches_type(const json& v, const std::string& t) {
  if (t == "string") return v.is_string();
  if (t == "integer") return v.is_number_integer();
  if (t == "number") return v.is_number();
  if (t == "boolean") return v.is_boolean();
  if (t == "array") return v.is_array();
  if (t == "object") return v.is_object();
  if (t == "null") return v.is_null();
  return true;
}

/// Tries to turn `v` into type `t`; true when it did.
bool coerce(json& v, const std::string& t) {
  if (t == "integer" && v.is_number_float()) {
    double d = json_as_double(v);
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) {
      v = static_cast<int64_t>(d);
      return true;
    }
    return false;
  }
  if (!v.is_string()) return false;
  std::string s(trim(json_as_string(v)));
  if (t == "integer" || t == "number") {
    json n = parse_json(s, "argument").value_or(json());
    if (!n.is_number()) return false;
    if (t == "integer" && !n.is_number_integer()) {
      if (!coerce(n, "integer")) return false;
    }
    v = n;
    return true;
  }
  if (t == "boolean") {
    if (s == "true" || s == "false") {
      v = s == "true";
      return true;
    }
    return false;
  }
  if (t == "array" || t == "object") {
    json parsed = parse_json(s, "argument").value_or(json());
    if (!matches_type(parsed, t)) return false;
    v = std::move(parsed);
    return true;
  }
  return false;
}

class Validator {
 public:
  explicit Validator(std::vector<std::string>* repairs) : repairs_(repairs) {}

  void check(json& v, const json& schema, const std::string& where) {
    auto types = schema_types(schema);
    if (!types.empty()) {
      bool ok = false;
      for (const auto& t : types) ok = ok || matches_type(v, t);
      if (!ok) {
        for (const auto& t : types) {
          json copy = v;
          if (coerce(copy, t)) {
            repairs_->push_back(where + ": " + type_of(v) + " turned into " + t);
            v = std::move(copy);
            ok = true;
            break;
          }
        }
      }
      if (!ok) {
        std::string shown = v.is_string() ? "\"" + shorten(json_as_string(v), 60) + "\"" : shorten(dump_json(v), 60);
        problems_.push_back(where + " must be " + (types.size() == 1 ? "a" : "one of") + " " + join(types, "/") +
                            ", got " + type_of(v) + " " + shown);
        return;
      }
    }
    if (auto e = schema.find("enum"); e != schema.end() && e->is_array()) {
      bool found = false;
      for (const auto& option : *e) found = found || option == v;
      if (!found)
        problems_.push_back(where + " must be one of " + dump_json(*e) + ", got " + shorten(dump_json(v), 60));
    }
    if (v.is_object()) check_object(v, schema, where);
    if (v.is_array()) {
      if (auto items = schema.find("items"); items != schema.end() && items->is_object())
        for (size_t i = 0; i < v.size(); ++i) check(v[i], *items, where + "[" + std::to_string(i) + "]");
    }
  }

  void check_object(json& v, const json& schema, const std::string& where) {
    auto props = schema.find("properties");
    bool closed = !json_bool_or(schema, "additionalProperties", true);
    std::string prefix = where.empty() ? "" : where + ".";
    if (auto req = schema.find("required"); req != schema.end() && req->is_array()) {
      for (const auto& r : *req) {
        if (r.is_string() && !v.contains(json_as_string(r)))
          problems_.push_back("missing required \"" + prefix + json_as_string(r) + "\"");
      }
    }
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& key = it.key();
      if (props != schema.end() && props->contains(key)) {
        // A null for an optional field means "not given".
        if (it->is_null() && !is_required(schema, key)) continue;
        check(*it, json_member(*props, key), "\"" + prefix + key + "\"");
      } else if (closed) {
        problems_.push_back("unknown argument \"" + prefix + key + "\"");
      }
    }
    // Drop the nulls accepted above so tools see them as absent.
    for (auto it = v.begin(); it != v.end();) {
      if (it->is_null() && !is_required(schema, it.key()))
        it = v.erase(it);
      else
        ++it;
    }
  }

  const std::vector<std::string>& problems() const { return problems_; }

 private:
  static bool is_required(const json& schema, const std::string& key) {
    auto req = schema.find("required");
    if (req == schema.end() || !req->is_array()) return false;
    for (const auto& r : *req)
      if (r == key) return true;
    return false;
  }

  std::vector<std::string>* repairs_;
  std::vector<std::string> problems_;
};

}  // namespace

std::string describe_schema(const json& schema) {
  std::vector<std::string> fields;
  auto props = schema.find("properties");
  if (props == schema.end() || !props->is_object()) return "{}";
  for (const auto& [key, prop] : props->items()) {
    bool required = false;
    if (auto req = schema.find("required"); req != schema.end() && req->is_array())
      for (const auto& r : *req) required = required || r == key;
    auto types = schema_types(prop);
    fields.push_back(key + (required ? "" : "?") + ": " + (types.empty() ? "any" : join(types, "|")));
  }
  return "{" + join(fields, ", ") + "}";
}

Result<ParsedArguments> parse_tool_arguments(std::string_view tool_name, std::string_view raw, const json& schema) {
  ParsedArguments out;
  std::string expected = "Expected arguments: " + describe_schema(schema) + ".";
  std::string name(tool_name);
  std::string_view text = trim(raw);
  json args;
  if (text.empty()) {
    args = json::object();
  } else {
    auto parsed = parse_json_text(text);
    if (!parsed) {
      const JsonParseFailure& f = parsed.error();
      if (f.kind == JsonParseFailure::Kind::kOutOfRange)
        return fail(ErrorCode::kInvalidArgument, "Invalid arguments for " + name + ": a number is out of range: " +
                                                     shorten(text, 200) + ". " + expected);
      std::string why = f.kind == JsonParseFailure::Kind::kTooDeep ? f.detail
                        : f.byte + 1 >= text.size()                ? "it ends early (truncated?)"
                                                                   : "error at byte " + std::to_string(f.byte + 1);
      return fail(ErrorCode::kInvalidArgument, "Invalid arguments for " + name + ": not valid JSON (" + why +
                                                   "): " + shorten(text, 200) + ". Send a JSON object. " + expected);
    }
    args = std::move(*parsed);
  }
  // A whole object sent as a JSON string.
  if (args.is_string()) {
    json inner = parse_json(json_as_string(args), "arguments").value_or(json());
    if (inner.is_object()) {
      args = std::move(inner);
      out.repairs.push_back("arguments were a JSON string holding the object");
    }
  }
  if (!args.is_object())
    return fail(ErrorCode::kInvalidArgument,
                "Invalid arguments for " + name + ": expected a JSON object, got " + type_of(args) + ". " + expected);
  Validator validator(&out.repairs);
  validator.check_object(args, schema, "");
  if (!validator.problems().empty())
    return fail(ErrorCode::kInvalidArgument,
                "Invalid arguments for " + name + ": " + join(validator.problems(), "; ") + ". " + expected);
  out.normalized = dump_json(args);
  *out.value = std::move(args);
  return out;
}

}  // namespace pair
