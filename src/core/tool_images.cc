#include "core/tool_images.h"

#include <string>
#include <utility>

#include "util/base64.h"
#include "util/byte_size.h"

namespace pair {

void attach_tool_images(Message& tool_message, std::vector<ImageContent> images, const ToolImageOptions& options) {
  std::string notes;
  for (size_t i = 0; i < images.size(); ++i) {
    std::string label = "[image " + std::to_string(i + 1) + " not shown: ";
    size_t bytes = base64_decoded_size(images[i].data_base64);
    if (!options.model_accepts_images) {
      // The same for every image; said for each so that every marker has its answer.
      notes += label + "the model in use takes no images (models.json \"vision\": true marks one that does)]\n";
    } else if (bytes > options.max_bytes) {
      notes += label + "it is " + format_bytes(bytes) + ", more than the " + format_bytes(options.max_bytes) +
               " limit (vision.max_image_bytes)]\n";
    } else {
      tool_message.images.push_back(std::move(images[i]));
    }
  }
  if (notes.empty()) return;
  notes.pop_back();
  if (!tool_message.content.empty()) tool_message.content += "\n";
  tool_message.content += notes;
}

std::optional<std::vector<Message>> without_images(std::span<const Message> messages, const ToolImageOptions& options) {
  if (options.model_accepts_images) return std::nullopt;
  bool any = false;
  for (const auto& m : messages) any = any || !m.images.empty();
  if (!any) return std::nullopt;
  std::vector<Message> out(messages.begin(), messages.end());
  for (auto& m : out) attach_tool_images(m, std::exchange(m.images, {}), options);
  return out;
}

}  // namespace pair
