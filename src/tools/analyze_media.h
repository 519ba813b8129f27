#pragma once
/// analyze_media {media_path, query}: asks a vision model about an image
/// file. The type comes from the file's bytes (PNG, JPEG, GIF, WebP), not its
/// name; the image goes base64-encoded as an `image_url` content part with
/// `query` as the text. The vision model is any ModelProvider: the app makes
/// it from the models.json entry with purpose "imagevid", or from the main
/// model when that one accepts images. Registered only when there is one.
/// Errors for the model: missing file, not an image (videos: how to take a
/// frame), too large (how to downscale), the vision model's own failure.

#include <memory>
#include <string>

#include "core/tool.h"
#include "protocol/model_provider.h"

namespace pair {

struct AnalyzeMediaOptions {
  std::string model_name;  ///< the models.json entry, for messages
  GenerationOptions generation;
  size_t max_bytes = 10 * 1024 * 1024;
  int max_dimension = 8192;  ///< pixels on the longer side
};

class AnalyzeMediaTool final : public Tool {
 public:
  AnalyzeMediaTool(std::unique_ptr<ModelProvider> vision, AnalyzeMediaOptions options);
  const ToolSpec& spec() const override;
  Result<ToolEffect> inspect(const nlohmann::json& args, const ToolContext& ctx) const override;
  ToolOutput run(const nlohmann::json& args, const ToolContext& ctx) override;

 private:
  std::unique_ptr<ModelProvider> vision_;
  AnalyzeMediaOptions options_;
};

/// What to tell the model about a file that is not a supported image
/// (`head`: its first bytes): a video, a PDF, or other data.
std::string unsupported_media_message(std::string_view shown, std::string_view head);
/// How to shrink an image that is too large ("resize it with ...").
std::string downscale_hint(std::string_view shown);

}  // namespace pair
