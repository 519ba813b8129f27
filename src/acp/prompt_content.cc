#include "acp/prompt_content.h"

#include <nlohmann/json.hpp>

#include "util/json_parse.h"

namespace pair::acp {
using nlohmann::json;

std::string file_uri_path(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (!uri.starts_with(kScheme)) return "";
  uri.remove_prefix(kScheme.size());
  // file://host/path: only the local host (empty or localhost) names a path here.
  if (uri.starts_with("localhost/")) uri.remove_prefix(9);
  if (!uri.starts_with('/')) return "";
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string path;
  for (size_t i = 0; i < uri.size(); ++i) {
    if (uri[i] == '%' && i + 2 < uri.size() && hex(uri[i + 1]) >= 0 && hex(uri[i + 2]) >= 0) {
      path += static_cast<char>(hex(uri[i + 1]) * 16 + hex(uri[i + 2]));
      i += 2;
    } else {
      path += uri[i];
    }
  }
  return path;
}

namespace {

std::string uri_as_text(const std::string& uri) {
  std::string path = file_uri_path(uri);
  return path.empty() ? uri : path;
}

}  // namespace

Result<PromptContent> prompt_content(const json& blocks) {
  if (!blocks.is_array()) return fail(ErrorCode::kInvalidArgument, "\"prompt\" must be an array of content blocks");
  std::string text, attached;
  std::vector<ImageContent> images;
  size_t index = 0;
  for (const json& block : blocks) {
    std::string where = "prompt block " + std::to_string(index++);
    std::string type = json_string_or(block, "type");
    if (type == "text") {
      text += json_string_or(block, "text");
    } else if (type == "resource_link") {
      std::string uri = json_string_or(block, "uri");
      if (uri.empty()) return fail(ErrorCode::kInvalidArgument, where + " (resource_link) has no \"uri\"");
      text += uri_as_text(uri);
    } else if (type == "resource") {
      const json& resource = json_member(block, "resource");
      std::string uri = json_string_or(resource, "uri");
      if (uri.empty()) return fail(ErrorCode::kInvalidArgument, where + " (resource) has no \"resource.uri\"");
      const json& body = json_member(resource, "text");
      if (!body.is_string())
        return fail(ErrorCode::kInvalidArgument,
                    where + " (resource " + uri + ") has no \"text\": only text resources can be attached");
      attached += "\n\n<resource uri=\"" + uri_as_text(uri) + "\">\n" + json_as_string(body);
      if (!attached.ends_with('\n')) attached += '\n';
      attached += "</resource>";
    } else if (type == "image") {
      std::string mime = json_string_or(block, "mimeType");
      std::string data = json_string_or(block, "data");
      if (mime != "image/png" && mime != "image/jpeg" && mime != "image/gif" && mime != "image/webp")
        return fail(ErrorCode::kInvalidArgument,
                    where + " is an image of type \"" + mime + "\": models take PNG, JPEG, GIF and WebP");
      if (data.empty()) return fail(ErrorCode::kInvalidArgument, where + " is an image without \"data\"");
      images.push_back({std::move(mime), std::move(data)});
    } else if (type == "audio") {
      return fail(ErrorCode::kInvalidArgument,
                  where + " is audio: pair acp does not take audio in prompts (see promptCapabilities)");
    } else {
      return fail(ErrorCode::kInvalidArgument, where + " has unknown type \"" + type + "\"");
    }
  }
  return PromptContent{text + attached, std::move(images)};
}

}  // namespace pair::acp
