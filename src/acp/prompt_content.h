#pragma once
/// The content blocks of an ACP `session/prompt` as the text of pair's user
/// message: text as written, a resource link as the file's path (or its URI
/// when it is not a file), an embedded resource's text in a
/// <resource uri="..."> block after the prompt, so the model reads what the
/// editor holds (an unsaved buffer included); images are kept apart, for the
/// caller to attach. Pure function.

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

#include "protocol/message.h"
#include "util/error.h"

namespace pair::acp {

/// A prompt as pair takes it: the text, and the images to attach.
struct PromptContent {
  std::string text;
  std::vector<ImageContent> images;  ///< in the order given; base64 as the editor sent it
};

/// Errors (kInvalidArgument, to be answered as invalid params): the prompt is
/// not an array, a block has no known type, it is audio (not offered in
/// promptCapabilities), or an image of a type models do not take (PNG, JPEG,
/// GIF and WebP are). The message names the block.
Result<PromptContent> prompt_content(const nlohmann::json& blocks);

/// A file: URI's path, percent-decoded ("file:///a%20b" → "/a b"); empty for
/// another scheme.
std::string file_uri_path(std::string_view uri);

}  // namespace pair::acp
