#pragma once
/// Builds the JSON body of a Bedrock Converse (ConverseStream) request from a
/// provider-neutral conversation, so that a conversation begun with another
/// provider continues here (and back):
///
/// - system messages → `system` text blocks;
/// - user text and images → a user message (`text`, `image` blocks);
/// - an assistant message → `text` and `toolUse` blocks (`input` the parsed
///   JSON object; arguments that are not an object are kept as text under
///   `invalid_json_arguments`); reasoning stays local (it carries no signature);
/// - tool results → `toolResult` blocks in a user message (`status: error` for
///   failed calls; their images as `image` blocks beside the text; without
///   tools, a text block and the images as blocks of the user message);
///   consecutive messages of one role merge into one message, as Converse
///   requires alternating roles;
/// - tools → `toolConfig.tools[].toolSpec` with `inputSchema.json`, in the
///   given order (identical on every request);
/// - temperature, top_p, max_tokens → `inferenceConfig`.
///
/// Deterministic: the same conversation always gives the same bytes.

#include <string>
#include <string_view>

#include "protocol/model_provider.h"

namespace pair {

std::string build_converse_request_body(const ChatRequest& request);

/// An id Bedrock accepts (`[a-zA-Z0-9_-]{1,64}`): `id` itself when it
/// qualifies, else a deterministic rewrite (so a toolUse and its toolResult
/// still match), e.g. for ids another server made up like `functions.read:0`.
std::string bedrock_tool_use_id(std::string_view id);

/// A tool name Bedrock accepts (`[a-zA-Z0-9_-]{1,64}`), rewritten the same way.
std::string bedrock_tool_name(std::string_view name);

}  // namespace pair
