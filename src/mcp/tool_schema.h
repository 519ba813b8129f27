#pragma once
/// What the model is shown of an MCP tool's input schema: only what it needs
/// to call the tool, in one canonical text, so the same server gives the same
/// bytes in every run (the prompt prefix a local server caches stays valid).
///
/// Kept keywords: type, properties, required, items, prefixItems,
/// additionalProperties, enum, const, description, default, anyOf, oneOf,
/// allOf, not, format, pattern, minimum, maximum, exclusiveMinimum,
/// exclusiveMaximum, minLength, maxLength, minItems, maxItems, uniqueItems,
/// $ref with $defs and definitions (a $ref needs its target). Everything else
/// goes: $schema, $id, $comment, title, examples, deprecated, readOnly,
/// writeOnly, vendor extensions. Property names are data, never filtered.
///
/// Canonical text: compact JSON, object keys sorted, numbers as parsed
/// (integers as integers, others in the shortest form that reads back the
/// same). Pure.

#include <string>
#include <string_view>

#include "util/error.h"

namespace pair::mcp {

/// The trimmed, canonical form of an input schema. Errors (kProtocol): the
/// text is not JSON, or not an object ("the input schema is not an object").
Result<std::string> trim_input_schema(std::string_view schema_json);

}  // namespace pair::mcp
