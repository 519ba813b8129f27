#pragma once
/// The content blocks of an ACP `session/prompt` as the text of pair's user
/// message: text as written, a resource link as the file's path (or its URI
/// when it is not a file), an embedded resource's text in a
/// <resource uri="..."> block after the prompt, so the model reads what the
/// editor holds (an unsaved buffer included). Pure function.

#include <nlohmann/json_fwd.hpp>

#include <string>

#include "util/error.h"

namespace pair::acp {

/// Errors (kInvalidArgument, to be answered as invalid params): the prompt is
/// not an array, a block has no known type, or it is an image or audio
/// (not offered in promptCapabilities). The message names the block.
Result<std::string> prompt_text(const nlohmann::json& blocks);

/// A file: URI's path, percent-decoded ("file:///a%20b" → "/a b"); empty for
/// another scheme.
std::string file_uri_path(std::string_view uri);

}  // namespace pair::acp
