#pragma once
/// Images in tool results (an MCP tool's screenshot, say) and the model in
/// use: a model that takes images gets them with the tool message; one that
/// takes none, or an image past the size limit, gets a note in the text
/// instead, so the model knows what it is missing and why. Pure.

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "protocol/message.h"

namespace pair {

/// What the model in use takes; changes with the model (Agent::set_tool_images).
/// It governs the images of tool results as they arrive, and, after a switch
/// to a model that takes none, every image earlier in the conversation.
struct ToolImageOptions {
  bool model_accepts_images = false;
  size_t max_bytes = 10 * 1024 * 1024;  ///< larger images are described, not sent
};

/// Attaches `images` (the tool's, in the order its text marks them "[image
/// N: ...]") to `tool_message`: those the model can take go into its
/// `images`; for each other one a line is appended to its `content` naming
/// the image by its number and saying why it was left out.
void attach_tool_images(Message& tool_message, std::vector<ImageContent> images, const ToolImageOptions& options);

/// The conversation as a model that takes no images is sent it: null when it
/// may go as is (the model takes images, or no message carries any); else a
/// copy in which every image is left out and described as attach_tool_images
/// describes it. The stored conversation keeps its images (a later switch
/// back sends them again). Deterministic, so the prompt prefix stays stable.
std::optional<std::vector<Message>> without_images(std::span<const Message> messages, const ToolImageOptions& options);

}  // namespace pair
