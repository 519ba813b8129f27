#pragma once
/// Validates a tool call's arguments against the tool's JSON schema, repairing
/// the harmless, unambiguous slips local models make: an object sent as a JSON
/// string (whole or per field), a number or boolean sent as a string, an
/// integer sent as 5.0, empty arguments for a tool without required fields.
/// Anything else is an error whose message tells the model exactly what was
/// wrong and what the tool expects.

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace pair {

struct ParsedArguments {
  std::unique_ptr<nlohmann::json> value;  ///< an object that satisfies the schema
  std::string normalized;                 ///< compact JSON of `value`, for the conversation
  std::vector<std::string> repairs;       ///< what was repaired, for a notice
  ParsedArguments();
  ~ParsedArguments();
  ParsedArguments(ParsedArguments&&) noexcept;
  ParsedArguments& operator=(ParsedArguments&&) noexcept;
};

/// `tool_name` only appears in messages. Errors are kInvalidArgument with a
/// message meant for the model.
Result<ParsedArguments> parse_tool_arguments(std::string_view tool_name, std::string_view raw,
                                             const nlohmann::json& schema);

/// "{path: string, offset?: integer}" — the schema in one line, for errors.
std::string describe_schema(const nlohmann::json& schema);

}  // namespace pair
