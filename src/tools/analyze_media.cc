#include "tools/analyze_media.h"

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "tools/tool_helpers.h"
#include "util/base64.h"
#include "util/byte_size.h"
#include "util/image_info.h"
#include "util/strings.h"

namespace pair {
namespace fs = std::filesystem;

namespace {

constexpr int kDefaultMaxTokens = 1024;

bool is_video(std::string_view head) {
  return (head.size() >= 12 && head.substr(4, 4) == "ftyp") || head.starts_with("\x1A\x45\xDF\xA3") ||
         (head.size() >= 12 && head.starts_with("RIFF") && head.substr(8, 4) == "AVI ");
}

}  // namespace

std::string unsupported_media_message(std::string_view shown, std::string_view head) {
  if (is_video(head))
    return fmt::format(
        "{} is a video; analyze_media takes still images. Take frames first, e.g. "
        "`ffmpeg -i {} -vf fps=1/5 -frames:v 4 frame_%d.png`, and analyze those.",
        shown, shown);
  auto kind = binary_kind(head);
  return fmt::format("{} is not a supported image ({}); analyze_media takes PNG, JPEG, GIF and WebP.", shown,
                     kind ? *kind : "text");
}

std::string downscale_hint(std::string_view shown) {
  return fmt::format(
      "Make a smaller copy first, e.g. `convert {0} -resize '1568x1568>' -quality 85 small.jpg` (ImageMagick) or "
      "`ffmpeg -i {0} -vf \"scale='min(1568,iw)':-2\" small.jpg`, and analyze that.",
      shown);
}

AnalyzeMediaTool::AnalyzeMediaTool(std::unique_ptr<ModelProvider> vision, AnalyzeMediaOptions options)
    : vision_(std::move(vision)), options_(std::move(options)) {}

const ToolSpec& AnalyzeMediaTool::spec() const {
  static const ToolSpec kSpec{"analyze_media", "Ask a vision model about an image file (PNG, JPEG, GIF, WebP).",
                              R"({"type":"object","properties":{"media_path":{"type":"string"},)"
                              R"("query":{"type":"string","description":"what to find out"}},)"
                              R"("required":["media_path","query"],"additionalProperties":false})"};
  return kSpec;
}

Result<ToolEffect> AnalyzeMediaTool::inspect(const nlohmann::json& args, const ToolContext& ctx) const {
  auto path = path_arg(args, ctx, "media_path");
  if (!path) return std::unexpected(path.error());
  ToolEffect effect;
  effect.access = ToolAccess::kRead;
  effect.paths = touched_paths(ctx, *path);
  effect.summary = "show " + shown_path(ctx, *path) + " to " + options_.model_name;
  // The image leaves the machine's files for a model: read_file's ask and deny rules apply.
  if (auto ok = check_read_rules(ctx, *path, effect.summary); !ok) return std::unexpected(ok.error());
  return effect;
}

ToolOutput AnalyzeMediaTool::run(const nlohmann::json& args, const ToolContext& ctx) {
  auto path = path_arg(args, ctx, "media_path");
  if (!path) return ToolOutput::error(path.error().message);
  std::string shown = shown_path(ctx, *path);
  std::string query(trim(string_arg(args, "query")));
  if (query.empty()) query = "Describe this image.";

  std::error_code ec;
  fs::file_status status = fs::status(*path, ec);
  if (!fs::exists(status)) return ToolOutput::error(not_found_message(ctx, *path));
  if (!fs::is_regular_file(status)) return ToolOutput::error(shown + " is not a regular file.");
  uintmax_t size = fs::file_size(*path, ec);
  std::ifstream in(*path, std::ios::binary);
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (!sniff_image(head)) return ToolOutput::error(unsupported_media_message(shown, head));
  if (size > options_.max_bytes)
    return ToolOutput::error(fmt::format("{} is {}, more than the {} limit for images. {}", shown, format_bytes(size),
                                         format_bytes(options_.max_bytes), downscale_hint(shown)));
  std::string bytes = head + std::string(std::istreambuf_iterator<char>(in), {});
  ImageInfo info = *sniff_image(bytes);
  if (std::max(info.width, info.height) > options_.max_dimension)
    return ToolOutput::error(fmt::format("{} is {}x{} pixels, more than the {} pixel limit. {}", shown, info.width,
                                         info.height, options_.max_dimension, downscale_hint(shown)));

  Message message = Message::user(query);
  message.images.push_back({info.mime_type, base64_encode(bytes)});
  ChatRequest request;
  request.messages = std::span<const Message>(&message, 1);
  request.options = options_.generation;
  if (!request.options.max_tokens) request.options.max_tokens = kDefaultMaxTokens;
  std::string answer;
  auto streamed = vision_->stream(
      request,
      [&answer](const ModelEvent& e) {
        if (const auto* t = std::get_if<model_event::TextDelta>(&e)) answer += t->text;
      },
      ctx.stop);
  if (!streamed) {
    if (streamed.error().code == ErrorCode::kCancelled)
      return ToolOutput::error("Cancelled while analyzing " + shown + ".");
    return ToolOutput::error(
        fmt::format("The vision model {} failed: {}", options_.model_name, streamed.error().message));
  }
  std::string dims = info.width > 0 ? fmt::format(" {}x{}", info.width, info.height) : "";
  std::string header = fmt::format("[{}: {}{}, {}; answered by {}]\n", shown, info.format, dims, format_bytes(size),
                                   options_.model_name);
  if (trim(answer).empty()) return ToolOutput::error(header + "The vision model gave an empty answer.");
  return ToolOutput::ok(header + std::string(trim(answer)));
}

}  // namespace pair
