#include "util/json_parse.h"

#include <nlohmann/json.hpp>

#include <algorithm>

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

}  // namespace

std::string json_string_or(const nlohmann::json& j, std::string_view key, std::string_view fallback) {
  const nlohmann::json* v = member(j, key);
  return v && v->is_string() ? v->get<std::string>() : std::string(fallback);
}

int64_t json_int_or(const nlohmann::json& j, std::string_view key, int64_t fallback) {
  const nlohmann::json* v = member(j, key);
  if (!v || !v->is_number()) return fallback;
  if (v->is_number_unsigned())
    return v->get<uint64_t>() <= static_cast<uint64_t>(INT64_MAX) ? static_cast<int64_t>(v->get<uint64_t>()) : fallback;
  if (v->is_number_integer()) return v->get<int64_t>();
  double d = v->get<double>();
  return d >= -9.2e18 && d <= 9.2e18 ? static_cast<int64_t>(d) : fallback;
}

bool json_bool_or(const nlohmann::json& j, std::string_view key, bool fallback) {
  const nlohmann::json* v = member(j, key);
  return v && v->is_boolean() ? v->get<bool>() : fallback;
}

}  // namespace pair
