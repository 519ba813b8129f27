#include "util/json_parse.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>

#include "util/strings.h"
#include "util/utf8.h"

namespace pair {
namespace {

/// Offset of the bracket that opens level `max_depth + 1`, or npos. Counts
/// brackets outside strings only, so it agrees with the parser on valid JSON;
/// on invalid JSON the parser would fail anyway.
size_t too_deep_at(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"': in_string = true; break;
      case '[':
      case '{':
        if (++depth > max_depth) return i;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
  return std::string_view::npos;
}

JsonParseFailure failure_at(JsonParseFailure::Kind kind, std::string_view text, size_t offset, std::string detail) {
  JsonParseFailure f;
  f.kind = kind;
  f.byte = std::min(offset, text.size());
  TextPosition pos = position_of(text, f.byte);
  f.line = pos.line;
  f.column = pos.column;
  f.detail = std::move(detail);
  return f;
}

/// nlohmann's message without its "[json.exception.parse_error.101] parse
/// error at line 1, column 2: " prefix (the position is reported separately).
std::string strip_prefix(std::string what) {
  if (size_t colon = what.find(": ", what.find("parse error")); colon != std::string::npos)
    return what.substr(colon + 2);
  return what;
}

template <class Json>
std::expected<Json, JsonParseFailure> parse_as(std::string_view raw, int max_depth) {
  std::string sanitized;
  std::string_view text = raw;
  if (!utf8_valid(raw)) {
    sanitized = utf8_sanitize(raw);
    text = sanitized;
  }
  if (size_t at = too_deep_at(text, max_depth); at != std::string_view::npos)
    return std::unexpected(failure_at(JsonParseFailure::Kind::kTooDeep, text, at,
                                      "nested deeper than " + std::to_string(max_depth) + " levels"));
  try {
    return Json::parse(text);
  } catch (const typename Json::parse_error& e) {
    // e.byte counts characters read, 1-based: the offset of the last one read plus one.
    return std::unexpected(
        failure_at(JsonParseFailure::Kind::kSyntax, text, e.byte > 0 ? e.byte - 1 : 0, strip_prefix(e.what())));
  } catch (const typename Json::exception&) {  // a number beyond double's range
    return std::unexpected(failure_at(JsonParseFailure::Kind::kOutOfRange, text, 0, "a number is out of range"));
  }
}

template <class Json>
Result<Json> parse_named(std::string_view text, std::string_view what, ErrorCode code) {
  auto r = parse_as<Json>(text, kMaxJsonDepth);
  if (!r) return fail(code, describe_json_failure(r.error(), what));
  return std::move(*r);
}

}  // namespace

std::expected<nlohmann::json, JsonParseFailure> parse_json_text(std::string_view text, int max_depth) {
  return parse_as<nlohmann::json>(text, max_depth);
}

std::string describe_json_failure(const JsonParseFailure& failure, std::string_view what) {
  std::string name(what);
  switch (failure.kind) {
    case JsonParseFailure::Kind::kSyntax:
      return name + ":" + std::to_string(failure.line) + ":" + std::to_string(failure.column) +
             ": not valid JSON: " + failure.detail;
    case JsonParseFailure::Kind::kTooDeep: return name + ": JSON " + failure.detail;
    case JsonParseFailure::Kind::kOutOfRange: return name + ": not valid JSON: " + failure.detail;
  }
  return name + ": not valid JSON";
}

Result<nlohmann::json> parse_json(std::string_view text, std::string_view what, ErrorCode code) {
  return parse_named<nlohmann::json>(text, what, code);
}

Result<nlohmann::ordered_json> parse_ordered_json(std::string_view text, std::string_view what, ErrorCode code) {
  return parse_named<nlohmann::ordered_json>(text, what, code);
}

std::string dump_json(const nlohmann::json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
  return value.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

namespace {

const nlohmann::json* member(const nlohmann::json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const nlohmann::json& null_json() {
  static const nlohmann::json kNull;
  return kNull;
}

}  // namespace

const nlohmann::json& json_member(const nlohmann::json& j, std::string_view key) {
  const nlohmann::json* v = member(j, key);
  return v ? *v : null_json();
}

const nlohmann::json& json_array_member(const nlohmann::json& j, std::string_view key) {
  static const nlohmann::json kEmpty = nlohmann::json::array();
  const nlohmann::json* v = member(j, key);
  return v && v->is_array() ? *v : kEmpty;
}

std::string json_as_string(const nlohmann::json& v, std::string_view fallback) {
  const auto* s = v.get_ptr<const nlohmann::json::string_t*>();
  return s ? *s : std::string(fallback);
}

int64_t json_as_int(const nlohmann::json& v, int64_t fallback) {
  if (const auto* u = v.get_ptr<const nlohmann::json::number_unsigned_t*>())
    return *u <= static_cast<uint64_t>(INT64_MAX) ? static_cast<int64_t>(*u) : fallback;
  if (const auto* i = v.get_ptr<const nlohmann::json::number_integer_t*>()) return *i;
  if (const auto* d = v.get_ptr<const nlohmann::json::number_float_t*>())
    return *d >= -9.2e18 && *d <= 9.2e18 ? static_cast<int64_t>(*d) : fallback;
  return fallback;
}

int json_as_int32(const nlohmann::json& v, int fallback) {
  int64_t n = json_as_int(v, INT64_MIN);
  return n >= INT_MIN && n <= INT_MAX ? static_cast<int>(n) : fallback;
}

double json_as_double(const nlohmann::json& v, double fallback) {
  if (const auto* u = v.get_ptr<const nlohmann::json::number_unsigned_t*>()) return static_cast<double>(*u);
  if (const auto* i = v.get_ptr<const nlohmann::json::number_integer_t*>()) return static_cast<double>(*i);
  if (const auto* d = v.get_ptr<const nlohmann::json::number_float_t*>()) return *d;
  return fallback;
}

bool json_as_bool(const nlohmann::json& v, bool fallback) {
  const auto* b = v.get_ptr<const nlohmann::json::boolean_t*>();
  return b ? *b : fallback;
}

std::string json_string_or(const nlohmann::json& j, std::string_view key, std::string_view fallback) {
  return json_as_string(json_member(j, key), fallback);
}

int64_t json_int_or(const nlohmann::json& j, std::string_view key, int64_t fallback) {
  return json_as_int(json_member(j, key), fallback);
}

bool json_bool_or(const nlohmann::json& j, std::string_view key, bool fallback) {
  return json_as_bool(json_member(j, key), fallback);
}

double json_double_or(const nlohmann::json& j, std::string_view key, double fallback) {
  return json_as_double(json_member(j, key), fallback);
}

}  // namespace pair
