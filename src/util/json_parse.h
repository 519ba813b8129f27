#pragma once
/// The one way JSON from outside (files, servers, editors, the model) is read
/// and written. Reading refuses nesting deeper than a limit before any value is
/// built (copying, comparing, merging or printing a value recurses once per
/// level, so a deep document would overflow the stack) and never throws;
/// writing carries invalid UTF-8 as U+FFFD instead of throwing. Both are pure
/// functions, safe on any thread.

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

#include "util/error.h"

namespace pair {

/// The deepest nesting of arrays and objects that parse_json accepts.
inline constexpr int kMaxJsonDepth = 512;

/// Why a text is not acceptable JSON, with where (in the text as parsed: invalid
/// UTF-8 already replaced by U+FFFD).
struct JsonParseFailure {
  enum class Kind {
    kSyntax,      ///< not JSON (nlohmann's description in `detail`)
    kTooDeep,     ///< nested deeper than the limit
    kOutOfRange,  ///< a number beyond double's range
  };
  Kind kind = Kind::kSyntax;
  size_t byte = 0;    ///< offset of the problem; the text's size when it ends early
  size_t line = 1;    ///< 1-based line of `byte`
  size_t column = 1;  ///< 1-based column (in bytes) of `byte`
  std::string detail;
};

/// Parses `text` as one JSON value. Invalid UTF-8 is replaced by U+FFFD first
/// (bytes outside strings are a syntax error either way). Text nested deeper
/// than `max_depth` fails with kTooDeep without being parsed.
std::expected<nlohmann::json, JsonParseFailure> parse_json_text(std::string_view text, int max_depth = kMaxJsonDepth);

/// parse_json_text with an error that names `what` (a file path, "the server's
/// stream chunk", ...): "WHAT:LINE:COLUMN: not valid JSON: DETAIL",
/// "WHAT: JSON nested deeper than 512 levels" or "WHAT: not valid JSON: a number
/// is out of range". The error's code is `code`.
Result<nlohmann::json> parse_json(std::string_view text, std::string_view what, ErrorCode code = ErrorCode::kParse);
/// The same, keeping the order of object keys (for files pair rewrites).
Result<nlohmann::ordered_json> parse_ordered_json(std::string_view text, std::string_view what,
                                                  ErrorCode code = ErrorCode::kParse);

/// The message parse_json gives for `failure`.
std::string describe_json_failure(const JsonParseFailure& failure, std::string_view what);

/// Serializes `value` (compact when `indent` < 0). Invalid UTF-8 in its strings
/// becomes U+FFFD, deterministically, so the same value always gives the same
/// bytes. Never throws.
std::string dump_json(const nlohmann::json& value, int indent = -1);
std::string dump_json(const nlohmann::ordered_json& value, int indent = -1);

/// Tolerant readers of outside JSON: the member `key` of `j` when `j` is an
/// object holding it with the right type, else `fallback`. Never throw.
std::string json_string_or(const nlohmann::json& j, std::string_view key, std::string_view fallback = "");
/// An integer member; a float is truncated when it fits in int64_t.
int64_t json_int_or(const nlohmann::json& j, std::string_view key, int64_t fallback = 0);
bool json_bool_or(const nlohmann::json& j, std::string_view key, bool fallback);
/// A number member (integer or float) as a double.
double json_double_or(const nlohmann::json& j, std::string_view key, double fallback = 0.0);

/// The member `key` of `j`, of any type; a null value when `j` is not an
/// object or has no such member. The reference stays valid as long as `j`.
const nlohmann::json& json_member(const nlohmann::json& j, std::string_view key);
/// The member `key` of `j` when it is an array, else an empty array: safe to
/// iterate whatever the input holds.
const nlohmann::json& json_array_member(const nlohmann::json& j, std::string_view key);

/// The same readers for a value itself (an array item, a pointer's target):
/// `v` when it has the right type, else `fallback`. Never throw.
std::string json_as_string(const nlohmann::json& v, std::string_view fallback = "");
/// An integer; a float is truncated when it fits in int64_t.
int64_t json_as_int(const nlohmann::json& v, int64_t fallback = 0);
/// json_as_int clamped to int's range: `fallback` when outside it.
int json_as_int32(const nlohmann::json& v, int fallback = 0);
double json_as_double(const nlohmann::json& v, double fallback = 0.0);
bool json_as_bool(const nlohmann::json& v, bool fallback);

}  // namespace pair
